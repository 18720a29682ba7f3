// The only code that reads or writes `api_keys`: keys are stored as their SHA-256 hash.
import type { Db } from '../../runtime/db.js';
import type { Role } from '../../domain/access/schemas.js';

export interface ApiKeyRow {
  id: string | number;
  name: string;
  role: Role;
  key_hash: string;
  /** The team member a csm key acts for (its own scope), or null. */
  team_member_id: string | null;
  revoked_at: Date | null;
}

export function createApiKeyRepository(db: Db) {
  return {
    /** Inserts a key unless its hash is stored already. */
    async ensure(key: Pick<ApiKeyRow, 'name' | 'role' | 'key_hash'>): Promise<void> {
      await db('api_keys').insert(key).onConflict('key_hash').ignore();
    },
    async insert(key: Pick<ApiKeyRow, 'name' | 'role' | 'key_hash' | 'team_member_id'>): Promise<Pick<ApiKeyRow, 'id' | 'name' | 'role'>> {
      const [row] = await db('api_keys').insert(key).returning(['id', 'name', 'role']);
      return row;
    },
    /** The key with this hash, unless it was revoked. */
    async activeByHash(keyHash: string): Promise<Pick<ApiKeyRow, 'name' | 'role' | 'team_member_id'> | undefined> {
      return db<ApiKeyRow>('api_keys').where({ key_hash: keyHash }).whereNull('revoked_at').first('name', 'role', 'team_member_id');
    },
  };
}
