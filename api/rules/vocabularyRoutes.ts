// /product-vocabulary: the product's own terms the rule pack reads (domain/rules/vocabulary.ts).
// Any role reads it; admins replace it whole. PUT takes what GET returns (changedBy and changedAt
// are read-only and ignored).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { productVocabularySchema } from '../../domain/rules/vocabulary.js';
import type { VocabularyRepository } from '../../services/rules/vocabularyRepository.js';
import { ADMIN, ANY_ROLE } from '../shared/auth.js';
import { tagRoutes } from '../shared/openapi.js';

const putSchema = z.preprocess((body) => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { changedBy: _by, changedAt: _at, ...vocabulary } = body as Record<string, unknown>;
  return vocabulary;
}, productVocabularySchema);

// What GET answers and PUT answers with: the vocabulary and who last replaced it when.
const vocabularyAnswer = productVocabularySchema.extend({ changedBy: z.string().nullable(), changedAt: z.string().nullable() });

const view = (v: Awaited<ReturnType<VocabularyRepository['get']>>) => ({ ...v.vocabulary, changedBy: v.changedBy, changedAt: v.changedAt });

export const vocabularyRoutes: FastifyPluginAsyncZod<{ vocabulary: VocabularyRepository }> = async (app, { vocabulary: repo }) => {
  tagRoutes(app, 'rules');
  app.get('/product-vocabulary', { config: { roles: ANY_ROLE }, schema: { summary: "The product's vocabulary the rule pack reads", response: { 200: vocabularyAnswer } } }, async () => view(await repo.get()));
  app.put(
    '/product-vocabulary',
    { config: { roles: ADMIN }, schema: { summary: "Replace the product's vocabulary (takes what GET returns)", body: putSchema, response: { 200: vocabularyAnswer } } },
    async (req) => view(await repo.put(req.body, `api:${req.principal!.name}`)),
  );
};
