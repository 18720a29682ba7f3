// The usage feature's HTTP shapes: tracking sources, the Segment-compatible tracking answers and the
// bulk loads. The tracking messages themselves are ./segment.ts; bulk rows ./bulkEvents.ts and
// ./reportedMetrics.ts (validated row by row as the body streams, so not by a route schema).
import { z } from 'zod';

export const sourceCreateSchema = z.object({ name: z.string().min(1).max(100) });
export type SourceCreateInput = z.infer<typeof sourceCreateSchema>;
export const sourceAnswerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  writeKey: z.string().describe('shown once: only its SHA-256 is stored'),
});

const rejectedSchema = z.object({ index: z.number().int(), field: z.string(), problem: z.string() });

/** POST /v1/batch: the valid messages are stored, the others named. */
export const batchAnswerSchema = z.object({
  success: z.literal(true),
  accepted: z.number().int(),
  stored: z.number().int().describe('tracked events newly stored (a resent messageId is accepted, not stored twice)'),
  rejected: z.array(rejectedSchema),
});
/** POST /v1/batch with no valid message at all. */
export const batchRefusedSchema = z.object({
  error: z.literal('invalid_request'),
  accepted: z.literal(0),
  stored: z.number().int(),
  rejected: z.array(rejectedSchema),
});
export const messageAnswerSchema = z.object({ success: z.literal(true), stored: z.number().int() });

/** A single tracking call's body (documentation only: each message is validated by ./segment.ts
 * after its aliases are resolved, and a refused one is a 400 naming its fields). */
export const trackingMessageDocSchema = z
  .looseObject({
    userId: z.union([z.string(), z.number()]).optional(),
    anonymousId: z.union([z.string(), z.number()]).optional(),
    messageId: z.string().optional(),
    timestamp: z.string().optional(),
    context: z.looseObject({ groupId: z.string().optional() }).optional(),
  })
  .describe('a Segment message of this endpoint\'s type (docs/usage-ingestion.md); userId or anonymousId is required');

/** A bulk load body (documentation only: the rows stream into COPY and are checked one by one). */
export const bulkBodyDocSchema = z.string().describe('NDJSON (one JSON object a line) or CSV with a header row');
/** What a bulk load answers: rows loaded, and per loader what else it did (stored, recomputedDays, ...). */
export const bulkAnswerSchema = z.looseObject({ rows: z.number().int() });
