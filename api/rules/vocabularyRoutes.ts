// /product-vocabulary: the product's own terms the rule pack reads (domain/rules/vocabulary.ts).
// Any role reads it; admins replace it whole. PUT takes what GET returns (changedBy and changedAt
// are read-only and ignored).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { productVocabularySchema } from '../../domain/rules/vocabulary.js';
import type { Db } from '../../runtime/db.js';
import { createVocabularyRepository } from '../../services/rules/vocabularyRepository.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { parse } from '../shared/validation.js';

const putSchema = z.preprocess((body) => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { changedBy: _by, changedAt: _at, ...vocabulary } = body as Record<string, unknown>;
  return vocabulary;
}, productVocabularySchema);

const view = (v: Awaited<ReturnType<ReturnType<typeof createVocabularyRepository>['get']>>) => ({ ...v.vocabulary, changedBy: v.changedBy, changedAt: v.changedAt });

export function vocabularyRoutes(app: FastifyInstance, { db }: { db: Db }) {
  const repo = createVocabularyRepository(db);
  app.get('/product-vocabulary', { config: { roles: ANY_ROLE } }, async () => view(await repo.get()));
  app.put('/product-vocabulary', { config: { roles: ADMIN } }, async (req) =>
    view(await repo.put(parse(putSchema, req.body), `api:${req.principal!.name}`)),
  );
}
