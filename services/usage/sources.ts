// Ingestion sources and their write keys: random secrets handed out once, stored as SHA-256 hashes.
// The INGEST_WRITE_KEY of the environment, when set, is accepted as one more (the quick start's).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../runtime/db.js';
import { createSourceRepository } from './sourceRepository.js';
import { hashKey } from '../access/apiKeys.js';
import type { SourceCreateInput } from '../../domain/usage/schemas.js';

/** Who sent a message: a stored source, or the environment's key (sourceId null). */
export interface SourcePrincipal {
  sourceId: number | null;
}

export function createSourceService(db: Db, envWriteKey?: string) {
  const sources = createSourceRepository(db);
  const envHash = envWriteKey ? Buffer.from(hashKey(envWriteKey), 'hex') : null;
  return {
    async create(input: SourceCreateInput) {
      const writeKey = `wk_${randomBytes(24).toString('base64url')}`;
      const row = await sources.insert({ name: input.name, write_key_hash: hashKey(writeKey) });
      return { id: Number(row.id), name: row.name, writeKey };
    },

    async authenticate(writeKey: string): Promise<SourcePrincipal | null> {
      if (!writeKey) return null;
      const hash = hashKey(writeKey);
      if (envHash && timingSafeEqual(envHash, Buffer.from(hash, 'hex'))) return { sourceId: null };
      const row = await sources.activeByHash(hash);
      return row ? { sourceId: Number(row.id) } : null;
    },
  };
}
