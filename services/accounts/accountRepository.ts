// The only code that reads or writes `accounts` and `account_fact_history` (the latter written by a
// trigger on accounts: see its migration): the reads other features need, the listing's page, the
// bulk load's set-based upsert, the onboarding-stage rule every upsert shares, and the ARR per day
// the outcome repository derives expansions and contractions from. The directory's
// own upserts are still in directory.ts (declared as pending in test/shared/tableOwnership.test.ts).
import type { Knex } from 'knex';
import { missingReferences, type MissingReference } from '../shared/stagedReferences.js';
import { factHistoryView } from './factHistory.js';
import { pgArray } from '../../runtime/pgArray.js';

type Conn = Knex | Knex.Transaction;

/** The columns of `accounts` other features read. */
export type AccountRow = {
  id: string;
  name: string;
  owner_id: string | null;
  ae_id: string | null;
  segment: string | null;
};

/**
 * SQL for `onboarding_stage_since` in an `insert ... on conflict (id) do update set` of accounts:
 * one rule for every writer (Segment group traits, bulk uploads, PUT /accounts/:id). The time in
 * stage restarts only when the stage really changes; re-sending the same stage (every group call
 * repeats its traits) leaves it alone. `stage` is the stage the row will hold after the update,
 * `at` when the change happened (the message's timestamp, or now()). A cleared stage clears its
 * start too.
 */
export function stageSinceOnUpdate(stage: string, at: string): string {
  return `case when (${stage}) is not distinct from accounts.onboarding_stage then accounts.onboarding_stage_since
               when (${stage}) is null then null
               else (${at}) end`;
}

/** The same for a newly inserted account: its stage (if any) starts at `at`. */
export function stageSinceOnInsert(stage: string, at: string): string {
  return `case when (${stage}) is not null then (${at}) end`;
}

export function createAccountRepository(db: Conn) {
  const accounts = () => db<AccountRow>('accounts');
  return {
    async exists(id: string): Promise<boolean> {
      return (await accounts().where({ id }).first('id')) !== undefined;
    },
    /** Name, owner and account executive (what alerts route and render with). */
    async summary(id: string): Promise<AccountRow | undefined> {
      return accounts().where({ id }).first('id', 'name', 'owner_id', 'ae_id', 'segment');
    },
    async count(): Promise<number> {
      const row = await db('accounts').count<{ n: string }>('* as n').first();
      return Number(row?.n ?? 0);
    },
    /** The ids among `ids` that are accounts' (one query). */
    async known(ids: string[]): Promise<Set<string>> {
      return new Set(ids.length ? ((await accounts().whereIn('id', ids).pluck('id')) as string[]) : []);
    },
    /**
     * The UTC days this transaction's fact changes touched (the history rows it wrote carry its now()
     * as recorded_at), plus the next change day after each (whose "before" may have moved): per
     * account and day, the ARR in effect at the end of the day before (null: none known) and at the
     * end of the day. Must run in the writing transaction.
     */
    async arrDaysWrittenNow(accountIds: string[]): Promise<Array<{ account_id: string; day: string; before: number | null; after: number | null }>> {
      if (accountIds.length === 0) return [];
      const dayStart = (d: string) => `((${d})::timestamp at time zone 'UTC')`;
      const { rows } = await db.raw(
        `with written as (
           select distinct h.account_id, (h.valid_from at time zone 'UTC')::date as day
           from account_fact_history h where h.account_id = any(?::text[]) and h.recorded_at = now()
         ),
         touched as (
           select account_id, day from written
           union
           select w.account_id, n.day from written w
           cross join lateral (
             select (h.valid_from at time zone 'UTC')::date as day from account_fact_history h
             where h.account_id = w.account_id and h.valid_from >= ${dayStart('w.day + 1')}
             order by h.valid_from limit 1) n
         )
         select t.account_id, t.day, b.arr_cents as before, a.arr_cents as after
         from touched t
         cross join lateral (select h.arr_cents from account_fact_history h
                             where h.account_id = t.account_id and h.valid_from < ${dayStart('t.day + 1')}
                             order by h.valid_from desc limit 1) a
         left join lateral (select h.arr_cents from account_fact_history h
                            where h.account_id = t.account_id and h.valid_from < ${dayStart('t.day')}
                            order by h.valid_from desc limit 1) b on true
         order by 1, 2`,
        [pgArray([...new Set(accountIds)])],
      );
      return rows;
    },
    /** Whole rows of these accounts, by id (one page of the listing). */
    async byIds(ids: string[]): Promise<Array<Record<string, unknown> & { id: string }>> {
      return ids.length ? db('accounts').whereIn('id', ids).orderBy('id') : [];
    },
    /** The churn-related traits (status, churned_at day) stored on these accounts now. */
    async churnTraits(ids: string[]): Promise<Array<{ id: string; status: string | null; churned_at: string | null }>> {
      if (ids.length === 0) return [];
      return accounts().whereIn('id', ids).select('id', db.raw("traits->>'status' as status"), db.raw("left(traits->>'churned_at', 10) as churned_at"));
    },
    /** The first 100 lines of a staged import (a temp table) whose `columns` name no account. */
    missingIn(staged: string, columns: readonly string[]): Promise<MissingReference[]> {
      return missingReferences(db, staged, columns, (ref) => `exists (select 1 from accounts a where a.id = ${ref})`);
    },
    /**
     * Upserts one round of a staged bulk load (`staged`: a temp table of account columns with a
     * `round`, a `status`, a `churned_at` and an `effective_at`): a cell left empty keeps the stored
     * value, traits merge, the stage's start restarts (now) only for a stage that differs. Answers the
     * ids written.
     */
    async upsertStagedRound(staged: string, round: number, facts: readonly string[]): Promise<string[]> {
      const stage = 'coalesce(excluded.onboarding_stage, accounts.onboarding_stage)';
      const churnTraits = `jsonb_strip_nulls(jsonb_build_object('status', status, 'churned_at', to_char(churned_at, 'YYYY-MM-DD')))`;
      const { rows } = await db.raw(
        `insert into accounts (id, ${facts.join(', ')}, traits, facts_effective_at, onboarding_stage_since, updated_at)
         select id, ${facts.join(', ')}, ${churnTraits}, effective_at, ${stageSinceOnInsert('onboarding_stage', 'now()')}, now()
         from ${staged} where round = ? order by id
         on conflict (id) do update set
           ${facts.map((c) => `${c} = coalesce(excluded.${c}, accounts.${c})`).join(', ')},
           traits = accounts.traits || excluded.traits, facts_effective_at = excluded.facts_effective_at,
           onboarding_stage_since = ${stageSinceOnUpdate(stage, 'now()')}, updated_at = now()
         returning id`,
        [round],
      );
      return rows.map((r: { id: string }) => r.id);
    },
    /** Every change of the account's facts, oldest first. */
    async factHistory(accountId: string) {
      return (await db('account_fact_history').where({ account_id: accountId }).orderBy('valid_from')).map(factHistoryView);
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
