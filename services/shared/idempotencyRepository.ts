// The only code that reads or writes `idempotency_keys`: a key claimed by the first request, its
// answer stored when it is sent, released when the request failed on our side (so a retry runs).
import type { Db } from '../../runtime/db.js';

export interface IdempotencyRecord {
  route: string;
  request_hash: string;
  status: number | null;
  body: unknown;
}

export function createIdempotencyRepository(db: Db) {
  const table = () => db('idempotency_keys');
  return {
    /** Claims `key` for this request; answers null when claimed now, else the record already there. */
    async claim(principal: string, key: string, route: string, requestHash: string): Promise<IdempotencyRecord | null> {
      const inserted = await table().insert({ principal, key, route, request_hash: requestHash }).onConflict(['principal', 'key']).ignore().returning('key');
      if (inserted.length > 0) return null;
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
