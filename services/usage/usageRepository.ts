// The owner of `users`, `usage_events` and `features` — for the reads other features need (a
// customer notice's contacts). Intake, bulk loads and the metric queries are still in ingest.ts,
// bulkEvents.ts, dailyMetrics.ts and accountMetrics.ts (declared as pending in
// test/shared/tableOwnership.test.ts).
import type { Db } from '../../runtime/db.js';

/** The `users` columns a customer notice needs. */
export type UserContactRow = {
  id: string;
  email: string;
  traits: Record<string, unknown> | null;
};

export function createUsageRepository(db: Db) {
  const reachable = (accountId: string) => db('users').where({ account_id: accountId }).whereNull('deleted_at').whereNotNull('email').orderBy('id');
  return {
    /** The account's reachable (not deleted, with an email) champions. */
    async champions(accountId: string): Promise<UserContactRow[]> {
      return reachable(accountId).where({ champion: true }).select('id', 'email', 'traits');
    },
    /** The account's reachable users with the admin role. */
    async admins(accountId: string): Promise<UserContactRow[]> {
      return reachable(accountId).where({ role: 'admin' }).select('id', 'email', 'traits');
    },
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
