// GET /accounts: accounts with their current metrics, filtered by owner, segment, tier and health
// band. The band is derived, so it is filtered after the measures are computed for the other filters.
import { z } from 'zod';
import type { Db } from '../../runtime/db.js';
import { HEALTH_BANDS } from '../../domain/usage/healthScore.js';
import { idSchema } from '../../domain/accounts/directory.js';
import { accountMetrics, todayUtc } from '../usage/accountMetrics.js';
import { accountView } from './directory.js';

export const accountListQuerySchema = z.object({
  owner: idSchema.optional(),
  segment: z.string().max(100).optional(),
  tier: z.string().max(100).optional(),
  healthBand: z.enum(HEALTH_BANDS).optional(),
  asOf: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AccountListQuery = z.infer<typeof accountListQuerySchema>;

export async function listAccounts(db: Db, q: AccountListQuery) {
  const asOf = q.asOf ?? todayUtc();
  const filter = { owner: q.owner, segment: q.segment, tier: q.tier };
  const metrics = await accountMetrics(db, filter, asOf);
  const ids = [...metrics.entries()].filter(([, m]) => !q.healthBand || m.healthBand === q.healthBand).map(([id]) => id);
  const page = ids.slice(q.offset, q.offset + q.limit);
  const rows = page.length ? await db('accounts').whereIn('id', page).orderBy('id') : [];
  return {
    asOf,
    total: ids.length,
    items: rows.map((r) => ({ ...accountView(r), metrics: metrics.get(r.id)! })),
  };
}
