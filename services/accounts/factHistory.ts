// Reads of the account fact history (account_fact_history, written by a trigger on accounts: see its
// migration): the facts in effect at an instant, and an account's changes for GET /accounts/:id/history.
import type { Knex } from 'knex';
import { isoTime } from '../shared/isoTime.js';

type Conn = Knex | Knex.Transaction;

export function factHistoryView(r: Record<string, any>) {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    validFrom: isoTime(r.valid_from),
    plan: r.plan,
    tier: r.tier,
    segment: r.segment,
    seatLimit: r.seat_limit,
    apiLimit: n(r.api_limit),
    storageLimit: n(r.storage_limit),
    arrCents: n(r.arr_cents),
    renewalDate: r.renewal_date,
    ownerId: r.owner_id,
    aeId: r.ae_id,
    recordedAt: isoTime(r.recorded_at),
  };
}

/** The account's contract facts in effect at `at` (its earliest known ones before its history
 * begins), or undefined for an unknown account. */
export async function factsAt(conn: Conn, accountId: string, at: string | Date) {
  const result = await conn.raw('select * from account_facts_at(?, ?::timestamptz)', [accountId, at instanceof Date ? at.toISOString() : at]);
  return result.rows[0] ? factHistoryView(result.rows[0]) : undefined;
}

/** Every change of the account's facts, oldest first. */
export async function listFactHistory(conn: Conn, accountId: string) {
  return (await conn('account_fact_history').where({ account_id: accountId }).orderBy('valid_from')).map(factHistoryView);
}
