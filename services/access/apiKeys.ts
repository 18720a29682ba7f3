// API keys: random secrets handed out once, stored only as SHA-256 hashes, each with a role.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../runtime/db.js';
import type { ApiKeyCreateInput, Role } from '../../domain/access/schemas.js';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function createApiKeyService(db: Db) {
  return {
    /** Makes sure the configured first admin key works (idempotent, for every start-up). */
    async ensureAdminKey(key: string) {
      await db('api_keys').insert({ name: 'admin (ADMIN_API_KEY)', role: 'admin', key_hash: hashKey(key) }).onConflict('key_hash').ignore();
    },

    async create(input: ApiKeyCreateInput) {
      const key = `ua_${randomBytes(24).toString('base64url')}`;
      const [row] = await db('api_keys')
        .insert({ name: input.name, role: input.role, key_hash: hashKey(key), team_member_id: input.teamMemberId ?? null })
        .returning(['id', 'name', 'role']);
      return { id: Number(row.id), name: row.name, role: row.role as Role, key };
    },

    async authenticate(key: string): Promise<{ name: string; role: Role; teamMemberId: string | null } | null> {
      const row = await db('api_keys').where({ key_hash: hashKey(key) }).whereNull('revoked_at').first('name', 'role', 'team_member_id');
      return row ? { name: row.name, role: row.role, teamMemberId: row.team_member_id ?? null } : null;
    },
  };
}
