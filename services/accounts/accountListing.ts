// GET /accounts: accounts with their current metrics, filtered by owner, segment, tier and health
// band, a keyset page by account id at a time. The band is derived, so with a band filter the
// measures are computed for every account past the cursor and the page taken from those in the band;
// without one only the page's accounts (and one more, to know there is a next page) are measured.
import type { Db } from '../../runtime/db.js';
import type { AccountListQuery } from '../../domain/accounts/schemas.js';
import { keysetPage } from '../../domain/shared/paging.js';
import { accountMetrics, todayUtc } from '../usage/accountMetrics.js';
import { accountView } from './directory.js';
import { createAccountRepository } from './accountRepository.js';

export async function listAccounts(db: Db, q: AccountListQuery) {
  const asOf = q.asOf ?? todayUtc();
  const filter = { owner: q.owner, segment: q.segment, tier: q.tier, after: q.after, limit: q.healthBand ? undefined : q.limit + 1 };
  const metrics = await accountMetrics(db, filter, asOf);
  const ids = [...metrics.entries()].filter(([, m]) => !q.healthBand || m.healthBand === q.healthBand).map(([id]) => id);
  const page = keysetPage(ids, q.limit, (id) => id);
  const rows = await createAccountRepository(db).byIds(page.items);
  return {
    asOf,
    items: rows.map((r) => ({ ...accountView(r), metrics: metrics.get(r.id)! })),
    nextAfter: page.next,
  };
}
