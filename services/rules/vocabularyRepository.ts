// The product vocabulary's one row: read it (the empty vocabulary until someone sets it) and
// replace it. The evaluator and the rule views read it through here.
import type { Knex } from 'knex';
import type { Db } from '../../runtime/db.js';
import { EMPTY_VOCABULARY, productVocabularySchema, type ProductVocabulary } from '../../domain/rules/vocabulary.js';
import { isoTime } from '../shared/isoTime.js';

export interface StoredVocabulary {
  vocabulary: ProductVocabulary;
  changedBy: string | null;
  changedAt: string | null;
}

export function createVocabularyRepository(db: Db | Knex.Transaction) {
  return {
    async get(): Promise<StoredVocabulary> {
      const row = await db('product_vocabulary').first();
      if (!row) return { vocabulary: EMPTY_VOCABULARY, changedBy: null, changedAt: null };
      // Parsed again so fields added to the vocabulary later get their defaults.
      return { vocabulary: productVocabularySchema.parse(row.vocabulary), changedBy: row.changed_by, changedAt: isoTime(row.changed_at) };
    },
    async put(vocabulary: ProductVocabulary, actor: string): Promise<StoredVocabulary> {
      const [row] = await db('product_vocabulary')
        .insert({ id: true, vocabulary: JSON.stringify(vocabulary), changed_by: actor, changed_at: db.fn.now() })
        .onConflict('id')
        .merge()
        .returning('*');
      return { vocabulary: productVocabularySchema.parse(row.vocabulary), changedBy: row.changed_by, changedAt: isoTime(row.changed_at) };
    },
  };
}

export type VocabularyRepository = ReturnType<typeof createVocabularyRepository>;
