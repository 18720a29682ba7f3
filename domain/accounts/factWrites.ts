// A write of an account's facts and traits as its history takes it (account_facts_write, migration
// 20261212200000): what one group call, bulk row or churn event states, and when each part takes
// effect. A status change is dated by the churned_at it carries, not by the message: a CRM that sends
// `status: churned, churned_at: D` today says the account stopped being a customer on D.

/** The contract facts kept with their history: columns of accounts and account_fact_history. */
export const FACT_COLUMNS = ['plan', 'tier', 'segment', 'seat_limit', 'api_limit', 'storage_limit', 'arr_cents', 'renewal_date', 'owner_id', 'ae_id'] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];

/** Statuses that say an account is no longer a customer: the default pack's customer guard (CUSTOMER in domain/rules/defaultPack.ts) and the churn dating below read this one list. */
export const GONE_STATUSES = ['churned', 'cancelled', 'canceled', 'closed', 'lost', 'trial_expired', 'expired'] as const;

export interface FactWrite {
  accountId: string;
  /** When it takes effect (ISO time); null: now (the writing transaction's time). */
  at: string | null;
  /** The facts it states (a key left out keeps what the history holds); days as YYYY-MM-DD. */
  facts: Partial<Record<FactColumn, string | number | null>>;
  /** The traits it states, merged into those in effect. */
  traits: Record<string, unknown>;
}

const dayStart = (day: string) => `${day}T00:00:00.000Z`;

/**
 * The write as the history takes it: one write, or two when its churn traits take effect earlier
 * than the rest. A write that states churned_at with a status saying the account is gone (or no
 * status) puts `status` and `churned_at` at the start of that UTC day when that is before the write's
 * own time; a churned_at at or after it goes with the write (the history is not written ahead), and
 * so does one sent beside a status that says the account is a customer (a churn long past, kept).
 */
export function datedWrites(write: FactWrite, now = Date.now()): FactWrite[] {
  const { status, churned_at: churnedAt } = write.traits;
  if (typeof churnedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(churnedAt)) return [write];
  if (status !== undefined && !(GONE_STATUSES as readonly unknown[]).includes(status)) return [write];
  const churnAt = dayStart(churnedAt.slice(0, 10));
  if (Date.parse(churnAt) >= (write.at === null ? now : Date.parse(write.at))) return [write];
  const { status: _s, churned_at: _c, ...rest } = write.traits;
  const churn: FactWrite = { accountId: write.accountId, at: churnAt, facts: {}, traits: status === undefined ? { churned_at: churnedAt } : { status, churned_at: churnedAt } };
  const main = { ...write, traits: rest };
  return Object.keys(main.facts).length > 0 || Object.keys(rest).length > 0 ? [main, churn] : [churn];
}

/** The history write of a churn stated by an event (`Account Churned` on `day`, sent at `sentAt`):
 * the account is churned from the start of that day (or from the event, when that is earlier). */
export function churnEventWrite(accountId: string, day: string, sentAt: string): FactWrite {
  const at = Math.min(Date.parse(dayStart(day)), Date.parse(sentAt));
  return { accountId, at: new Date(at).toISOString(), facts: {}, traits: { status: 'churned', churned_at: day } };
}
