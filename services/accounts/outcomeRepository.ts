// The only code that reads or writes account_outcomes. One row per account, type and UTC day, so
// every writer is idempotent: a re-sent event, trait or upload row updates the row it made before.
//
// Three kinds of writes:
// - stated outcomes (API, CRM bulk, track events): the last statement for a day wins;
// - churns implied by a status / churned_at change (derived_from 'status');
// - expansions and contractions implied by ARR changes (derived_from 'arr'): per account and day,
//   the net change of the ARR fact over the day, read from the fact history, so a day's several
//   changes, a re-sent trait and a history loaded out of order all come out as one right row.
// A derived row never overwrites a stated one.
import type { Knex } from 'knex';
import type { AccountOutcomeAnswer, OutcomeListQuery, OutcomeRecord, OutcomeSource, OutcomeType } from '../../domain/accounts/outcomes.js';
import { createAccountRepository } from './accountRepository.js';
import { pgArray } from '../../runtime/pgArray.js';
import { keyset } from '../shared/keyset.js';

type Conn = Knex | Knex.Transaction;

/** A row of `account_outcomes`. */
// bigint columns (id, arr_cents) arrive as numbers (runtime/db.ts).
export type AccountOutcomeRow = {
  id: number;
  account_id: string;
  type: OutcomeType;
  occurred_on: string;
  arr_cents: number | null;
  source: OutcomeSource;
  /** Set when the row was implied by traits ('arr' or 'status') rather than stated. */
  derived_from: 'arr' | 'status' | null;
  note: string | null;
  recorded_at: Date;
};

export function outcomeView(r: AccountOutcomeRow): AccountOutcomeAnswer {
  return {
    id: Number(r.id),
    accountId: r.account_id,
    type: r.type,
    at: r.occurred_on,
    arrCents: r.arr_cents === null ? null : Number(r.arr_cents),
    source: r.source,
    derivedFrom: r.derived_from ?? null,
    note: r.note,
    recordedAt: r.recorded_at.toISOString(),
  };
}
export type AccountOutcomeView = AccountOutcomeAnswer;

/** The instant a UTC day begins, as SQL over a date expression. */
const dayStart = (d: string) => `((${d})::timestamp at time zone 'UTC')`;

/**
 * Saves outcomes set-based; `derivedFrom` marks rows implied by traits rather than stated. Rows of
 * unknown accounts are skipped (the API checks its account first; a track event may name one not
 * loaded). A churn without an amount loses the ARR in effect at the end of the day before.
 * Within one call the last record for an account, type and day wins.
 */
export async function saveOutcomes(conn: Conn, records: OutcomeRecord[], derivedFrom: 'status' | null = null): Promise<AccountOutcomeView[]> {
  const known = await createAccountRepository(conn).known([...new Set(records.map((r) => r.accountId))]);
  records = records.filter((r) => known.has(r.accountId));
  if (records.length === 0) return [];
  const rows = records.map((r, ord) => ({ ord, account_id: r.accountId, type: r.type, at: r.at, arr_cents: r.arrCents, source: r.source, note: r.note }));
  const result = await conn.raw(
    `with v as (
       select distinct on (v.account_id, v.type, v.at) v.*
       from jsonb_to_recordset(?::jsonb) as v(ord int, account_id text, type text, at date, arr_cents bigint, source text, note text)
       order by v.account_id, v.type, v.at, v.ord desc)
     insert into account_outcomes as o (account_id, type, occurred_on, arr_cents, source, note, derived_from)
     select v.account_id, v.type, v.at,
            coalesce(v.arr_cents, case when v.type = 'churned' then
              (select h.arr_cents from account_facts_at(v.account_id, ${dayStart('v.at')} - interval '1 microsecond') h) end),
            v.source, v.note, ?::text
     from v
     order by v.account_id, v.type, v.at
     on conflict (account_id, type, occurred_on) do update set
       arr_cents = excluded.arr_cents, source = excluded.source, note = excluded.note,
       derived_from = excluded.derived_from, recorded_at = now()
     where excluded.derived_from is null or o.derived_from is not null
     returning o.*`,
    [JSON.stringify(rows), derivedFrom],
  );
  return result.rows.map(outcomeView);
}

/**
 * Expansions and contractions implied by the ARR changes this transaction wrote to the fact history
 * (its rows carry the transaction's now() as recorded_at): for each account and day they touched,
 * and the next change day after (whose "before" may have moved), the net change from the ARR at the
 * end of the day before to the ARR at the end of the day. Days without a known ARR before (a new
 * account's first ARR is not an expansion) or with a churn record nothing. Must run in the writing
 * transaction. Answers the outcomes recorded or updated.
 */
export async function recordArrChanges(trx: Knex.Transaction, source: OutcomeSource, accountIds: string[]): Promise<number> {
  const days = await createAccountRepository(trx).arrDaysWrittenNow(accountIds);
  if (days.length === 0) return 0;
  const result = await trx.raw(
    `with touched as (
       select * from jsonb_to_recordset(?::jsonb) as t(account_id text, day date, before bigint, after bigint)
     ),
     net as (
       select t.account_id, t.day, t.after - t.before as delta, t.before, t.after
       from touched t
       where not exists (select 1 from account_outcomes c where c.account_id = t.account_id and c.occurred_on = t.day and c.type = 'churned')
     ),
     wanted as (
       select account_id, day, case when delta > 0 then 'expanded' else 'contracted' end as type, abs(delta) as arr_cents, before, after
       from net where delta is not null and delta <> 0
     ),
     stale as (
       delete from account_outcomes o using touched t
       where o.account_id = t.account_id and o.occurred_on = t.day and o.derived_from = 'arr'
         and not exists (select 1 from wanted w where w.account_id = o.account_id and w.day = o.occurred_on and w.type = o.type)
     )
     insert into account_outcomes as o (account_id, type, occurred_on, arr_cents, source, note, derived_from)
     select account_id, type, day, arr_cents, ?, 'ARR ' || before || ' → ' || after || ' cents', 'arr' from wanted
     order by account_id, type, day
     on conflict (account_id, type, occurred_on) do update set
       arr_cents = excluded.arr_cents, source = excluded.source, note = excluded.note, recorded_at = now()
     where o.derived_from = 'arr'`,
    [JSON.stringify(days), source],
  );
  return (result.rowCount ?? 0) as number;
}

/** An account's outcomes, newest first. */
/** A keyset page (`limit + 1` rows) of an account's outcomes, newest first by day then id. */
export async function listOutcomes(conn: Conn, accountId: string, q: OutcomeListQuery): Promise<AccountOutcomeView[]> {
  const query = keyset(conn('account_outcomes').where({ account_id: accountId }), { table: 'account_outcomes', columns: ['occurred_on', 'id'], direction: 'desc' }, { limit: q.limit, cursor: q.before });
  if (q.type) query.where('type', q.type);
  if (q.from) query.where('occurred_on', '>=', q.from);
  if (q.to) query.where('occurred_on', '<=', q.to);
  return (await query).map(outcomeView);
}

/** For each (account, day) pair, in order, whether the account has an outcome of one of `types` on
 * the day or within `withinDays` after it (a backtest's would-be alert confirmed). One statement. */
export async function confirmedWithin(conn: Conn, pairs: ReadonlyArray<{ accountId: string; day: string }>, types: readonly string[], withinDays: number): Promise<boolean[]> {
  if (pairs.length === 0) return [];
  const { rows } = await conn.raw(
    `select exists (select 1 from account_outcomes ao where ao.account_id = s.account_id and ao.type = any(?::text[])
                    and ao.occurred_on >= s.day and ao.occurred_on <= s.day + ?::int) as confirmed
     from unnest(?::text[], ?::date[]) with ordinality as s(account_id, day, n)
     order by s.n`,
    [pgArray([...types]), withinDays, pgArray(pairs.map((p) => p.accountId)), pgArray(pairs.map((p) => p.day))],
  );
  return rows.map((r: { confirmed: boolean }) => r.confirmed);
}

/** The distinct (account, day) outcomes of one type on days from..to (inclusive). */
export async function outcomeDays(conn: Conn, type: string, from: string, to: string): Promise<Array<{ account_id: string; occurred_on: string }>> {
  return conn('account_outcomes').where({ type }).whereBetween('occurred_on', [from, to]).distinct('account_id', 'occurred_on');
}
