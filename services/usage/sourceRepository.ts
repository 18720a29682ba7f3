// The only code that reads or writes `sources` (tracking API write keys, stored as their hash).
import type { Db } from '../../runtime/db.js';

export interface SourceRow {
  id: string | number;
  name: string;
  write_key_hash: string;
  revoked_at: Date | null;
}

export function createSourceRepository(db: Db) {
  return {
    async insert(source: Pick<SourceRow, 'name' | 'write_key_hash'>): Promise<Pick<SourceRow, 'id' | 'name'>> {
      const [row] = await db('sources').insert(source).returning(['id', 'name']);
      return row;
    },
    /** The source with this write key hash, unless it was revoked. */
    async activeByHash(hash: string): Promise<Pick<SourceRow, 'id'> | undefined> {
      return db<SourceRow>('sources').where({ write_key_hash: hash }).whereNull('revoked_at').first('id');
    },
  };
}
