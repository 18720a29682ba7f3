// The only code that reads or writes `accounts` and `account_fact_history` (the latter written by a
// trigger on accounts: see its migration) — for the reads other features need. The directory's
// upserts, listing and bulk loads are still in directory.ts, accountListing.ts and bulkAccounts.ts
// (declared as pending in test/shared/tableOwnership.test.ts).
import type { Knex } from 'knex';
import { factHistoryView } from './factHistory.js';

type Conn = Knex | Knex.Transaction;

/** The columns of `accounts` other features read. */
export type AccountRow = {
  id: string;
  name: string;
  owner_id: string | null;
  ae_id: string | null;
};

export function createAccountRepository(db: Conn) {
  const accounts = () => db<AccountRow>('accounts');
  return {
    async exists(id: string): Promise<boolean> {
      return (await accounts().where({ id }).first('id')) !== undefined;
    },
    /** Name, owner and account executive (what alerts route and render with). */
    async summary(id: string): Promise<AccountRow | undefined> {
      return accounts().where({ id }).first('id', 'name', 'owner_id', 'ae_id');
    },
    async count(): Promise<number> {
      const row = await db('accounts').count<{ n: string }>('* as n').first();
      return Number(row?.n ?? 0);
    },
    /** Every change of the account's facts, oldest first. */
    async factHistory(accountId: string) {
      return (await db('account_fact_history').where({ account_id: accountId }).orderBy('valid_from')).map(factHistoryView);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
