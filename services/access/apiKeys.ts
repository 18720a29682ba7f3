// API keys: random secrets handed out once, stored only as SHA-256 hashes, each with a role.
// A key found active is remembered for a few seconds (KEY_CACHE_MS): every authenticated request
// otherwise paid a database round trip before its own work (issue 14: half of GET /alerts' extra
// time over /healthz). The price: a key revoked in the database stops working up to that long later.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../runtime/db.js';
import { createApiKeyRepository } from './apiKeyRepository.js';
import type { ApiKeyCreateInput, Role } from '../../domain/access/schemas.js';
import { teamMemberIssues } from '../accounts/teamMemberRefs.js';
import { ValidationError } from '../shared/errors.js';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** How long an active key's lookup is reused. */
export const KEY_CACHE_MS = 5_000;
/** Distinct keys remembered at once (scripts use a handful; a flood of made-up keys is never cached). */
const KEY_CACHE_MAX = 1_000;

type KeyPrincipal = { name: string; role: Role; teamMemberId: string | null };

export function createApiKeyService(db: Db, opts: { cacheMs?: number; now?: () => number } = {}) {
  const keys = createApiKeyRepository(db);
  const cacheMs = opts.cacheMs ?? KEY_CACHE_MS;
  const now = opts.now ?? Date.now;
  // By the key's hash; only active keys are kept, so an unknown key is looked up every time.
  const active = new Map<string, { key: KeyPrincipal; until: number }>();
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

    async authenticate(key: string): Promise<KeyPrincipal | null> {
      const hash = hashKey(key);
      const t = now();
      const known = active.get(hash);
      if (known && known.until > t) return known.key;
      active.delete(hash);
      const row = await keys.activeByHash(hash);
      if (!row) return null;
      const found = { name: row.name, role: row.role, teamMemberId: row.team_member_id ?? null };
      if (cacheMs > 0) {
        // Oldest first out (a Map keeps insertion order).
        if (active.size >= KEY_CACHE_MAX) active.delete(active.keys().next().value!);
        active.set(hash, { key: found, until: t + cacheMs });
      }
      return found;
    },
  };
}
