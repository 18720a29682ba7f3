// API keys: random secrets handed out once, stored only as SHA-256 hashes, each with a role.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../runtime/db.js';
import { createApiKeyRepository } from './apiKeyRepository.js';
import type { ApiKeyCreateInput, Role } from '../../domain/access/schemas.js';
import { teamMemberIssues } from '../accounts/teamMemberRefs.js';
import { ValidationError } from '../shared/errors.js';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function createApiKeyService(db: Db) {
  const keys = createApiKeyRepository(db);
  return {
    /** Makes sure the configured first admin key works (idempotent, for every start-up). */
    async ensureAdminKey(key: string) {
      await keys.ensure({ name: 'admin (ADMIN_API_KEY)', role: 'admin', key_hash: hashKey(key) });
    },

    async create(input: ApiKeyCreateInput) {
      // A key for no team member is a bad field, not a foreign-key error (found by the fuzz test).
      const issues = await teamMemberIssues(db, [['teamMemberId', input.teamMemberId]]);
      if (issues.length) throw new ValidationError(issues);
      const key = `ua_${randomBytes(24).toString('base64url')}`;
      const row = await keys.insert({ name: input.name, role: input.role, key_hash: hashKey(key), team_member_id: input.teamMemberId ?? null });
      return { id: Number(row.id), name: row.name, role: row.role, key };
    },

    async authenticate(key: string): Promise<{ name: string; role: Role; teamMemberId: string | null } | null> {
      const row = await keys.activeByHash(hashKey(key));
      return row ? { name: row.name, role: row.role, teamMemberId: row.team_member_id ?? null } : null;
    },
  };
}
