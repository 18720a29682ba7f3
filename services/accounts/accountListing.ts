// GET /accounts: accounts with their current metrics, filtered by owner, segment, tier and health
// band. The band is derived, so it is filtered after the measures are computed for the other filters.
import type { Db } from '../../runtime/db.js';
import type { AccountListQuery } from '../../domain/accounts/schemas.js';
import { accountMetrics, todayUtc } from '../usage/accountMetrics.js';
import { accountView } from './directory.js';
import { createAccountRepository } from './accountRepository.js';

export async function listAccounts(db: Db, q: AccountListQuery) {
  const asOf = q.asOf ?? todayUtc();
  const filter = { owner: q.owner, segment: q.segment, tier: q.tier };
  const metrics = await accountMetrics(db, filter, asOf);
  const ids = [...metrics.entries()].filter(([, m]) => !q.healthBand || m.healthBand === q.healthBand).map(([id]) => id);
  const page = ids.slice(q.offset, q.offset + q.limit);
  const rows = await createAccountRepository(db).byIds(page);
  return {
    asOf,
    total: ids.length,
    items: rows.map((r) => ({ ...accountView(r), metrics: metrics.get(r.id)! })),
  };
}
