// The only code that reads or writes `accounts` and `account_fact_history` (the latter written by the
// database function account_facts_write, which the writers here call with what they state and a
// trigger on accounts calls for any other write: migrations 20261201001100 and 20261212200000): the
// reads other features need, the listing's page, the bulk load's and the intake's set-based upserts,
// the directory's PUT, the onboarding-stage rule every upsert shares, and the ARR per day the outcome
// repository derives expansions and contractions from.
import type { Knex } from 'knex';
import { inShardSql, type Shard } from '../../domain/evaluation/shards.js';
import { missingReferences, type MissingReference } from '../shared/stagedReferences.js';
import { factHistoryView } from './factHistory.js';
import { pgArray } from '../../runtime/pgArray.js';
import { keyset } from '../shared/keyset.js';
import type { FactWrite } from '../../domain/accounts/factWrites.js';

type Conn = Knex | Knex.Transaction;

/** The columns of `accounts` other features read. */
export type AccountRow = {
  id: string;
  name: string;
  owner_id: string | null;
  ae_id: string | null;
  segment: string | null;
};

/** An account's contract facts: the columns `accounts` and `account_fact_history` share. */
// bigint columns (arr_cents, api_limit, storage_limit) arrive as numbers (runtime/db.ts).
type AccountFactColumns = {
  plan: string | null;
  tier: string | null;
  segment: string | null;
  seat_limit: number | null;
  api_limit: number | null;
  storage_limit: number | null;
  arr_cents: number | null;
  renewal_date: string | null;
  owner_id: string | null;
  ae_id: string | null;
};

const LIMIT_COLUMNS = ['seat_limit', 'api_limit', 'storage_limit'] as const;

/** The account's name, owner, AE and segment with its limits (accountRepository.summary). */
export type AccountSummary = AccountRow & Pick<AccountFactColumns, (typeof LIMIT_COLUMNS)[number]>;

export interface AccountLimitValues {
  seatLimit: number | null;
  apiLimit: number | null;
  storageLimit: number | null;
}

/** The limits of a row that holds their columns (limits() and a summary read earlier say the same). */
export function limitsOf(row: Pick<AccountFactColumns, (typeof LIMIT_COLUMNS)[number]>): AccountLimitValues {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { seatLimit: n(row.seat_limit), apiLimit: n(row.api_limit), storageLimit: n(row.storage_limit) };
}

/** A row of `account_fact_history` (also what account_facts_at() answers): the contract facts and
 * the traits in effect from valid_from. */
export type AccountFactHistoryRow = AccountFactColumns & { account_id: string; valid_from: Date; traits: Record<string, unknown> | null; recorded_at: Date };

/** A whole row of `accounts` (the account page, the listing, PUT /accounts/:id's answer). */
export type WholeAccountRow = AccountRow & AccountFactColumns & {
  onboarding_stage: string | null;
  onboarding_stage_since: Date | null;
  signup_date: string | null;
  traits: Record<string, unknown>;
  facts_effective_at: Date | null;
  created_at: Date;
  updated_at: Date;
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

/** One account of a batch's group calls, without its facts and traits (null: not mentioned, the
 * stored value stays); `facts_at` dates a new account until its first facts. */
export type GroupAccountRow = {
  id: string;
  name: string | null;
  onboarding_stage: string | null;
  onboarding_stage_at: string | null;
  signup_date: string | null;
  facts_at: string;
};

export function createAccountRepository(db: Conn) {
  const accounts = () => db<AccountRow>('accounts');
  return {
    async exists(id: string): Promise<boolean> {
      return (await accounts().where({ id }).first('id')) !== undefined;
    },
    /** The ids of the accounts in a segment (a window scoped to it). */
    async idsInSegment(segment: string): Promise<string[]> {
      return (await accounts().where({ segment }).select('id')).map((r) => r.id);
    },
    /** Name, owner and account executive (what alerts route and render with), and the limits an
     * alert's evidence is read with: a new alert's first step reads the account once for both. */
    async summary(id: string): Promise<AccountSummary | undefined> {
      return accounts().where({ id }).first('id', 'name', 'owner_id', 'ae_id', 'segment', ...LIMIT_COLUMNS);
    },
    /** The limits utilizations are measured against (what an alert's evidence is read with). */
    async limits(id: string): Promise<AccountLimitValues | undefined> {
      const row = await db('accounts').where({ id }).first(...LIMIT_COLUMNS);
      return row ? limitsOf(row) : undefined;
    },
    async count(): Promise<number> {
      const row = await db('accounts').count<{ n: string }>('* as n').first();
      return Number(row?.n ?? 0);
    },
    /** The ids of a sharded evaluation run's shard (domain/evaluation/shards.ts), sorted. */
    async idsInShard(shard: Shard): Promise<string[]> {
      return db('accounts').whereRaw(inShardSql('id', shard)).orderBy('id').pluck('id');
    },
    /** How many team members own at least one account. */
    async ownerCount(): Promise<number> {
      return Number((await db('accounts').whereNotNull('owner_id').countDistinct<{ n: string }>('owner_id as n').first())?.n ?? 0);
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
    async byIds(ids: string[]): Promise<WholeAccountRow[]> {
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
     * `round` and an `effective_at`): the account's name, onboarding stage and signup day (a cell
     * left empty keeps the stored value; the stage's start restarts, now, only for a stage that
     * differs). Its facts and traits are writeFacts'. Answers the ids written.
     */
    async upsertStagedRound(staged: string, round: number): Promise<string[]> {
      const stage = 'coalesce(excluded.onboarding_stage, accounts.onboarding_stage)';
      const { rows } = await db.raw(
        `insert into accounts (id, name, onboarding_stage, signup_date, facts_effective_at, onboarding_stage_since, updated_at)
         select id, name, onboarding_stage, signup_date, coalesce(effective_at, now()), ${stageSinceOnInsert('onboarding_stage', 'now()')}, now()
         from ${staged} where round = ? order by id
         on conflict (id) do update set
           name = excluded.name, onboarding_stage = ${stage}, onboarding_stage_since = ${stageSinceOnUpdate(stage, 'now()')},
           signup_date = coalesce(excluded.signup_date, accounts.signup_date), updated_at = now()
         returning id`,
        [round],
      );
      return rows.map((r: { id: string }) => r.id);
    },
    /**
     * Upserts the accounts of one intake batch (one row per account, sorted by id so concurrent
     * batches lock in order): name, onboarding stage and signup day, each kept when not mentioned. A
     * stage's start travels in `onboarding_stage_at` (the message's time) and restarts only for a
     * stage that differs. Their facts and traits are writeFacts'.
     */
    async upsertFromGroups(rows: GroupAccountRow[]): Promise<void> {
      if (rows.length === 0) return;
      const values = `jsonb_to_recordset(?::jsonb) as v(id text, name text, onboarding_stage text, onboarding_stage_at timestamptz, signup_date date, facts_at timestamptz)`;
      // New accounts first, then the others: an insert's ON CONFLICT cannot tell a name the batch did
      // not mention from the id it stands in for. The update runs after, so it also sees accounts a
      // concurrent batch inserted meanwhile.
      await db.raw(
        `insert into accounts (id, name, onboarding_stage, onboarding_stage_since, signup_date, facts_effective_at, updated_at)
         select v.id, coalesce(v.name, v.id), v.onboarding_stage, ${stageSinceOnInsert('v.onboarding_stage', 'v.onboarding_stage_at')}, v.signup_date, v.facts_at, now()
         from ${values} order by v.id
         on conflict (id) do nothing`,
        [JSON.stringify(rows)],
      );
      const stage = 'coalesce(v.onboarding_stage, accounts.onboarding_stage)';
      await db.raw(
        `update accounts set name = coalesce(v.name, accounts.name), onboarding_stage = ${stage},
           onboarding_stage_since = ${stageSinceOnUpdate(stage, 'v.onboarding_stage_at')},
           signup_date = coalesce(v.signup_date, accounts.signup_date), updated_at = now()
         from ${values} where accounts.id = v.id`,
        [JSON.stringify(rows)],
      );
    },
    /**
     * Applies fact and trait writes to the history in the order given (account_facts_write, migration
     * 20261212200000): each stated key changes from its time until the next recorded change of that
     * key, every other key and earlier row stays as recorded, and the accounts row holds the latest
     * history row. A stated value already in effect then writes nothing, and so does a write for an
     * account that does not exist (a churn event may name one not loaded yet).
     * Callers sort by account first, so concurrent writers lock accounts in one order.
     */
    async writeFacts(writes: FactWrite[]): Promise<void> {
      if (writes.length === 0) return;
      const rows = writes.map((w, ord) => ({ ord, account_id: w.accountId, at: w.at, facts: w.facts, traits: w.traits }));
      // Functions in the select list run after the sort, one row after the other: each sees the last.
      await db.raw(
        `select account_facts_write(w.account_id, coalesce(w.at, now()), w.facts, w.traits)
         from jsonb_to_recordset(?::jsonb) as w(ord int, account_id text, at timestamptz, facts jsonb, traits jsonb)
         order by w.ord`,
        [JSON.stringify(rows)],
      );
    },
    /** The facts an alert's payload and severity read (a live event rule's match). */
    async alertFacts(id: string): Promise<{ id: string; name: string; tier: string | null; arr_cents: number | null; renewal_date: string | null; traits: Record<string, unknown> | null } | undefined> {
      return db('accounts').where({ id }).first('id', 'name', 'tier', 'arr_cents', 'renewal_date', 'traits');
    },
    /** The whole row of one account. */
    async get(id: string): Promise<WholeAccountRow | undefined> {
      return db('accounts').where({ id }).first();
    },
    /**
     * PUT /accounts/:id: inserts the account or replaces the columns in `values` (column → value),
     * leaving the others (e.g. facts from ingestion) alone. The stage's start restarts (now) only
     * for a stage that differs. Answers the whole row.
     */
    async put(id: string, values: Record<string, unknown>): Promise<WholeAccountRow> {
      const row: Record<string, unknown> = { ...values, id, updated_at: db.fn.now() };
      // Spelled out as column → excluded.column because the stage's start needs its own SQL.
      const merge: Record<string, unknown> = Object.fromEntries(Object.keys(row).map((c) => [c, db.raw('??', [`excluded.${c}`])]));
      if (values.onboarding_stage !== undefined) {
        row.onboarding_stage_since = db.raw(stageSinceOnInsert('?::text', 'now()'), [values.onboarding_stage as string | null]);
        merge.onboarding_stage_since = db.raw(stageSinceOnUpdate('excluded.onboarding_stage', 'now()'));
      }
      const [written] = await db('accounts').insert(row).onConflict('id').merge(merge).returning('*');
      return written;
    },
    /** A keyset page (`limit + 1` rows) of the account's fact and trait changes, oldest first.
     * Each row's `cursor` is its valid_from to the microsecond: the answer's validFrom has
     * milliseconds only, and two changes may fall in one millisecond. */
    async factHistory(accountId: string, page: { limit: number; after?: string }) {
      const query = db('account_fact_history')
        .where({ account_id: accountId })
        .select('*', db.raw(`to_char(valid_from at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor`));
      const rows = await keyset(query, { table: 'account_fact_history', columns: ['valid_from'], direction: 'asc' }, { limit: page.limit, cursor: page.after });
      return rows.map((r: AccountFactHistoryRow & { cursor: string }) => ({ ...factHistoryView(r), cursor: r.cursor }));
    },
  };
}

export type AccountRepository = ReturnType<typeof createAccountRepository>;
