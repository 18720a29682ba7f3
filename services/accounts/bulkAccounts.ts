// POST /accounts/bulk: account facts from a CRM or warehouse export (NDJSON or CSV), streamed with
// COPY into a temp table, checked (owners and account executives must be team members), then upserted
// set-based: a cell left empty keeps the stored value. Rows for the same id apply in line order (one
// statement per repeat), each taking effect at its effective_at, so a file can load an account's
// history, and a file loaded again, or one dated before what is stored, changes only what its rows
// state from their time until the next recorded change (account_facts_write); status and churned_at
// take effect on the churned_at day. The outcomes implied (ARR changes, churns) follow.
import type { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import { BULK_ACCOUNT_COLUMNS, bulkAccountSchema } from '../../domain/accounts/bulkAccounts.js';
import { utcDay } from '../../domain/shared/day.js';
import { copyValidated, lineIssues, type BulkFormat } from '../usage/bulkRecords.js';
import { ValidationError } from '../shared/errors.js';
import { createAccountRepository } from './accountRepository.js';
import { createTeamRepository } from './teamRepository.js';
import { noTeamMember } from './teamMemberRefs.js';
import { churnStates, recordChurnChanges } from './outcomes.js';
import { recordArrChanges } from './outcomeRepository.js';
import { FACT_COLUMNS, datedWrites, type FactWrite } from '../../domain/accounts/factWrites.js';

/** A staged row's facts and churn traits as one write (a cell left empty states nothing). */
function rowWrite(r: Record<string, unknown>): FactWrite {
  const facts = Object.fromEntries(FACT_COLUMNS.flatMap((c) => (r[c] === null || r[c] === undefined ? [] : [[c, r[c]]])));
  const traits = Object.fromEntries((['status', 'churned_at'] as const).flatMap((c) => (r[c] === null ? [] : [[c, r[c]]])));
  return { accountId: r.id as string, at: r.effective_at === null ? null : (r.effective_at as Date).toISOString(), facts, traits };
}

/** Columns naming a team member, checked before the upsert so the answer names line and column. */
const TEAM_MEMBER_COLUMNS = ['owner_id', 'ae_id'] as const;

export function createBulkAccountService(db: Db) {
  return {
    async importAccounts(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(
          `create temp table accounts_import (line int not null, id text not null, name text not null, owner_id text, ae_id text, segment text,
             tier text, plan text, seat_limit int, api_limit bigint, storage_limit bigint, arr_cents bigint, renewal_date date,
             onboarding_stage text, signup_date date, status text, churned_at date, effective_at timestamptz, round int) on commit drop`,
        );
        const rows = await copyValidated(trx, input, format, { table: 'accounts_import', columns: ['line', ...BULK_ACCOUNT_COLUMNS] }, (record, line) => {
          const parsed = bulkAccountSchema.safeParse(record);
          return parsed.success
            ? { ok: true, values: [line, ...BULK_ACCOUNT_COLUMNS.map((c) => parsed.data[c])] }
            : { ok: false, issues: lineIssues(line, parsed.error.issues) };
        });
        const unknown = await createTeamRepository(trx).missingIn('accounts_import', TEAM_MEMBER_COLUMNS);
        if (unknown.length > 0) {
          throw new ValidationError(unknown.map((r) => ({ path: `line ${r.line}.${r.field}`, message: noTeamMember(r.id) })));
        }
        // Churn traits as they stand before the load, and each row's in line order.
        const churnRows = await trx('accounts_import').whereNotNull('status').orWhereNotNull('churned_at').orderBy('line').select('id', 'status', 'churned_at', 'effective_at');
        const churnBefore = await churnStates(trx, [...new Set(churnRows.map((r) => r.id as string))]);

        const rounds = await trx.raw(
          `update accounts_import i set round = r.round
           from (select line, row_number() over (partition by id order by line)::int as round from accounts_import) r
           where r.line = i.line returning i.round`,
        );
        const repeats = Math.max(...rounds.rows.map((r: { round: number }) => r.round));
        const accounts = createAccountRepository(trx);
        const ids = new Set<string>();
        for (let round = 1; round <= repeats; round++) for (const id of await accounts.upsertStagedRound('accounts_import', round)) ids.add(id);
        // By account, then in line order: one lock order, and each row sees the ones before it.
        const staged = await trx('accounts_import').orderBy(['id', 'line']).select('id', 'status', 'churned_at', 'effective_at', ...FACT_COLUMNS);
        await accounts.writeFacts(staged.flatMap((r) => datedWrites(rowWrite(r))));
        const changes = churnRows.map((r) => ({
          accountId: r.id as string,
          after: { status: r.status ?? null, churnedAt: r.churned_at ?? null },
          day: utcDay(r.effective_at ? new Date(r.effective_at).getTime() : Date.now()),
        }));
        await recordChurnChanges(trx, churnBefore, changes, 'bulk');
        await recordArrChanges(trx, 'bulk', [...ids]);
        return { rows, accounts: ids.size };
      });
    },
  };
}
