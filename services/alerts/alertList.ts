// GET /alerts as a read model: a keyset page of alerts with their account's name, reading only the
// columns the requested view shows. It joins `accounts` (owned by the accounts repository) for the
// name, so it may only SELECT (test/shared/tableOwnership.test.ts lists it as a read model).
import type { Db } from '../../runtime/db.js';
import { LIST_SUMMARY_CHARS, type AlertListView } from '../../domain/alerts/alert.js';
import type { AlertRow } from './alertRepository.js';
import { keyset } from '../shared/keyset.js';

/** The `alerts` columns only the full view lists (long or free-form; GET /alerts/:id has them). */
const FULL_ONLY_COLUMNS = ['workflow_run_id', 'evidence', 'payload', 'dismiss_note'] as const;
type FullOnlyColumn = (typeof FULL_ONLY_COLUMNS)[number];
const LIST_COLUMNS = [
  'id', 'workflow_id', 'rule_key', 'rule_version', 'account_id', 'severity', 'category', 'title', 'status', 'owner_id',
  'escalation_level', 'reconfirmed_count', 'fired_at', 'notified_at', 'acknowledged_at', 'snoozed_until', 'closed_at',
  'dismiss_reason', 'outcome', 'outcome_value_cents', 'outcome_value_defaulted',
] as const satisfies ReadonlyArray<Exclude<keyof AlertRow, FullOnlyColumn | 'updated_at'>>;

/** The columns every view of an alert shows. */
export type AlertListColumns = Pick<AlertRow, (typeof LIST_COLUMNS)[number]>;
/** A listed row: the list's columns, the account's name and the payload's `what` cut to
 * LIST_SUMMARY_CHARS; with view 'full' also the FULL_ONLY_COLUMNS. */
export type AlertListRow = AlertListColumns & Partial<Pick<AlertRow, FullOnlyColumn>> & { account_name: string; summary: string };

/** Equality filters on `alerts` columns. */
export interface AlertFilter {
  status?: string;
  owner_id?: string;
  severity?: string;
  category?: string;
  account_id?: string;
  rule_key?: string;
}

export function createAlertList(db: Db) {
  const what = "a.payload->>'what'";
  /** The page's statement, unrun. The jsonb evidence and payload are most of a row's bytes and of
   * pg's parsing, so the list view leaves them unread and cuts the summary from the payload in SQL.
   * Each filter column but severity and category has an index leading with it and ending with id
   * (migration 20261212300000): a filtered page is a range scan in id order that stops after the
   * page, not a sort of every matching row (test/alerts/alertList.test.ts checks the plan). */
  function query(filter: AlertFilter, page: { limit: number; before?: number }, view: AlertListView) {
    const columns = view === 'full' ? [...LIST_COLUMNS, ...FULL_ONLY_COLUMNS] : LIST_COLUMNS;
    const q = db('alerts as a')
      .join('accounts as ac', 'ac.id', 'a.account_id')
      .select(columns.map((c) => `a.${c}`))
      .select('ac.name as account_name')
      .select(db.raw(`case when length(${what}) > ? then left(${what}, ?) || '…' else ${what} end as summary`, [LIST_SUMMARY_CHARS, LIST_SUMMARY_CHARS - 1]));
    keyset(q, { table: 'a', from: 'alerts', columns: ['id'], direction: 'desc' }, { limit: page.limit, cursor: page.before });
    for (const [column, value] of Object.entries(filter)) if (value !== undefined) q.where(`a.${column}`, value);
    return q;
  }
  return {
    query,
    /** A keyset page, newest first: `limit + 1` rows with ids below `before`. */
    async page(filter: AlertFilter, page: { limit: number; before?: number }, view: AlertListView): Promise<AlertListRow[]> {
      return query(filter, page, view);
    },
  };
}
