// The account fact history's view, and the facts in effect at an instant (the database function
// account_facts_at; the table itself is the account repository's).
import type { Knex } from 'knex';
import type { AccountFactHistoryRow } from './accountRepository.js';
import type { FactHistoryItem } from '../../domain/accounts/outcomes.js';

type Conn = Knex | Knex.Transaction;

export function factHistoryView(r: AccountFactHistoryRow): FactHistoryItem {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    validFrom: r.valid_from.toISOString(),
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
    traits: r.traits ?? {},
    recordedAt: r.recorded_at.toISOString(),
  };
}

/** The account's contract facts and traits in effect at `at` (its earliest known ones before its history
 * begins), or undefined for an unknown account. */
export async function factsAt(conn: Conn, accountId: string, at: string | Date) {
  const result = await conn.raw('select * from account_facts_at(?, ?::timestamptz)', [accountId, at instanceof Date ? at.toISOString() : at]);
  return result.rows[0] ? factHistoryView(result.rows[0]) : undefined;
}
