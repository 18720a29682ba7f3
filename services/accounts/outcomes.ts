// Account outcomes as use cases: record one (POST /accounts/:id/outcomes), load a CRM export
// (POST /accounts/outcomes/bulk), list an account's; and the churns implied by account traits, which
// the tracking API and the bulk accounts load share (the ARR-implied ones are recordArrChanges).
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type { Db } from '../../runtime/db.js';
import {
  BULK_OUTCOME_COLUMNS,
  bulkOutcomeSchema,
  churnDay,
  type AccountOutcomeInput,
  type ChurnState,
  type FactHistoryQuery,
  type OutcomeListQuery,
  type OutcomeRecord,
  type OutcomeSource,
} from '../../domain/accounts/outcomes.js';
import { copyValidated, lineIssues, type BulkFormat } from '../usage/bulkRecords.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { listOutcomes, saveOutcomes } from './outcomeRepository.js';
import { createAccountRepository } from './accountRepository.js';
import { keysetPage } from '../../domain/shared/paging.js';

type Conn = Knex | Knex.Transaction;

/** The churn-related traits (status, churned_at) stored on these accounts now. */
export async function churnStates(conn: Conn, ids: string[]): Promise<Map<string, ChurnState>> {
  if (ids.length === 0) return new Map();
  const rows = await createAccountRepository(conn).churnTraits(ids);
  return new Map(rows.map((r) => [r.id, { status: r.status ?? null, churnedAt: r.churned_at ?? null }]));
}

export interface ChurnChange {
  accountId: string;
  after: ChurnState;
  /** The day the change was sent (a message's timestamp, a bulk row's effective day). */
  day: string;
}

/** Records a churn for each change that turns an account churned (see churnDay), given the states
 * before the changes were written; changes are taken in order, each seeing the ones before it. */
export async function recordChurnChanges(trx: Knex.Transaction, before: Map<string, ChurnState>, changes: ChurnChange[], source: OutcomeSource) {
  const state = new Map(before);
  const records: OutcomeRecord[] = [];
  for (const c of changes) {
    const prev = state.get(c.accountId);
    const at = churnDay(prev, c.after, c.day);
    if (at) records.push({ accountId: c.accountId, type: 'churned', at, arrCents: null, source, note: null });
    state.set(c.accountId, { status: c.after.status ?? prev?.status ?? null, churnedAt: c.after.churnedAt ?? prev?.churnedAt ?? null });
  }
  return saveOutcomes(trx, records, 'status');
}

export function createOutcomeService(db: Db) {
  async function requireAccount(conn: Conn, id: string) {
    if (!(await createAccountRepository(conn).exists(id))) throw new NotFoundError(`no account ${id}`);
  }

  return {
    /** Records (or, for the same type and day, restates) one outcome. */
    async record(accountId: string, input: AccountOutcomeInput) {
      return db.transaction(async (trx) => {
        await requireAccount(trx, accountId);
        const [saved] = await saveOutcomes(trx, [
          { accountId, type: input.type, at: input.at, arrCents: input.arrCents ?? null, source: input.source, note: input.note ?? null },
        ]);
        return saved!;
      });
    },

    /** A CRM export (NDJSON or CSV): one bad row or unknown account refuses the whole upload. */
    async importBulk(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(
          `create temp table outcomes_import (line int not null, account_id text not null, type text not null, at date not null,
             arr_cents bigint, note text) on commit drop`,
        );
        const rows = await copyValidated(trx, input, format, { table: 'outcomes_import', columns: ['line', ...BULK_OUTCOME_COLUMNS] }, (record, line) => {
          const parsed = bulkOutcomeSchema.safeParse(record);
          return parsed.success
            ? { ok: true, values: [line, ...BULK_OUTCOME_COLUMNS.map((c) => parsed.data[c] ?? null)] }
            : { ok: false, issues: lineIssues(line, parsed.error.issues) };
        });
        const unknown = await createAccountRepository(trx).missingIn('outcomes_import', ['account_id']);
        if (unknown.length > 0) {
          throw new ValidationError(unknown.map((r) => ({ path: `line ${r.line}.${r.field}`, message: `no account with id "${r.id}"` })));
        }
        const imported = await trx('outcomes_import').orderBy('line');
        const saved = await saveOutcomes(
          trx,
          imported.map((r) => ({ accountId: r.account_id, type: r.type, at: r.at, arrCents: r.arr_cents, source: 'crm', note: r.note })),
        );
        return { rows, saved: saved.length };
      });
    },

    async list(accountId: string, q: OutcomeListQuery) {
      await requireAccount(db, accountId);
      const page = keysetPage(await listOutcomes(db, accountId, q), q.limit, (o) => o.id);
      return { items: page.items, nextBefore: page.next };
    },

    /** The account's contract-fact changes, oldest first (never overwritten). */
    async factHistory(accountId: string, q: FactHistoryQuery) {
      await requireAccount(db, accountId);
      const page = keysetPage(await createAccountRepository(db).factHistory(accountId, q), q.limit, (r) => r.cursor);
      return { items: page.items.map(({ cursor: _cursor, ...change }) => change), nextAfter: page.next };
    },
  };
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
