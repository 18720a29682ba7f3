// The only code that reads or writes `idempotency_keys`: a key claimed by the first request, its
// answer stored when it is sent, released when the request failed on our side (so a retry runs).
// Keys expire IDEMPOTENCY_KEY_TTL_HOURS after their first request: an expired key is claimed anew
// (the request acts again), and every claim deletes a batch of expired keys, so the table holds
// about a day of keys without a job of its own.
import type { Db } from '../../runtime/db.js';

export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** Expired keys deleted per claim: more than one claim makes, so the table shrinks to a day's keys. */
const PURGE_BATCH = 100;

export interface IdempotencyRecord {
  route: string;
  request_hash: string;
  status: number | null;
  body: unknown;
}

export function createIdempotencyRepository(db: Db) {
  const table = () => db('idempotency_keys');
  const cutoff = () => db.raw(`now() - make_interval(hours => ?)`, [IDEMPOTENCY_KEY_TTL_HOURS]);
  return {
    /** Claims `key` for this request (replacing an expired claim); answers null when claimed now, else
     * the live record already there. */
    async claim(principal: string, key: string, route: string, requestHash: string): Promise<IdempotencyRecord | null> {
      await db.raw(
        `delete from idempotency_keys where (principal, key) in (select principal, key from idempotency_keys where created_at < ? limit ?)`,
        [cutoff(), PURGE_BATCH],
      );
      const claimed = await table()
        .insert({ principal, key, route, request_hash: requestHash })
        .onConflict(['principal', 'key'])
        .merge({ route, request_hash: requestHash, status: null, body: null, created_at: db.fn.now() })
        .where('idempotency_keys.created_at', '<', cutoff())
        .returning('key');
      if (claimed.length > 0) return null;
      return (await table().where({ principal, key }).first('route', 'request_hash', 'status', 'body')) as IdempotencyRecord;
    },
    async complete(principal: string, key: string, status: number, body: unknown): Promise<void> {
      await table().where({ principal, key }).update({ status, body: JSON.stringify(body ?? null) });
    },
    async release(principal: string, key: string): Promise<void> {
      await table().where({ principal, key }).whereNull('status').delete();
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
