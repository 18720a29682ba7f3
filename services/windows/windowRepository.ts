// The only code that reads or writes suppression_windows: maintenance and holiday windows.
import type { Knex } from 'knex';
import type { Db } from '../../runtime/db.js';
import type { SuppressionWindow, WindowKind, WindowScope } from '../../domain/windows/windows.js';
import { isoTime } from '../shared/isoTime.js';
import { keyset } from '../shared/keyset.js';

type Conn = Db | Knex.Transaction;

export interface StoredWindow extends SuppressionWindow {
  source: string | null;
  createdBy: string;
  createdAt: string;
}

export type NewWindow = Omit<StoredWindow, 'id' | 'createdAt'>;

/** A row of `suppression_windows`. */
// bigint columns (duration_ms, hold_after_ms) arrive as numbers (runtime/db.ts).
export type WindowRow = {
  id: number;
  name: string;
  kind: WindowKind;
  scope_type: WindowScope['type'];
  scope_value: string | null;
  starts_at: Date;
  ends_at: Date | null;
  rrule: string | null;
  duration_ms: number | null;
  hold_after_ms: number;
  timezone: string;
  source: string | null;
  created_by: string;
  created_at: Date;
};

const view = (r: WindowRow): StoredWindow => ({
  id: Number(r.id),
  name: r.name,
  kind: r.kind,
  scope: { type: r.scope_type, value: r.scope_value },
  startsAt: isoTime(r.starts_at)!,
  endsAt: isoTime(r.ends_at),
  rrule: r.rrule,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  holdAfterMs: Number(r.hold_after_ms),
  timezone: r.timezone,
  source: r.source,
  createdBy: r.created_by,
  createdAt: isoTime(r.created_at)!,
});

const row = (w: NewWindow) => ({
  name: w.name,
  kind: w.kind,
  scope_type: w.scope.type,
  scope_value: w.scope.value,
  starts_at: w.startsAt,
  ends_at: w.endsAt,
  rrule: w.rrule,
  duration_ms: w.durationMs,
  hold_after_ms: w.holdAfterMs,
  timezone: w.timezone,
  source: w.source,
  created_by: w.createdBy,
});

export function createWindowRepository(db: Conn) {
  return {
    async insert(windows: NewWindow[]): Promise<StoredWindow[]> {
      if (windows.length === 0) return [];
      return (await db('suppression_windows').insert(windows.map(row)).returning('*')).map(view);
    },
    async get(id: number): Promise<StoredWindow | null> {
      const r = await db('suppression_windows').where({ id }).first();
      return r ? view(r) : null;
    },
    /** A keyset page of windows by start (then id), or (`notOverAt`) of those that may still hold
     * an alert at or after that instant. */
    async list(page: { limit: number; after?: number }, notOverAt?: string): Promise<StoredWindow[]> {
      const q = keyset(db('suppression_windows'), { table: 'suppression_windows', columns: ['starts_at', 'id'], direction: 'asc' }, { limit: page.limit, cursor: page.after });
      if (notOverAt) q.where((w) => w.whereNull('ends_at').orWhereRaw('ends_at + hold_after_ms * interval \'1 millisecond\' > ?', [notOverAt]));
      return (await q).map(view);
    },
    /** Windows that may cover an instant from `at` to `until` (default: `at` alone): begun by
     * `until`, and not over at `at` (the exact occurrence is domain arithmetic). */
    async candidates(at: string, until: string = at): Promise<StoredWindow[]> {
      return (await db('suppression_windows')
        .where('starts_at', '<=', until)
        .where((w) => w.whereNull('ends_at').orWhereRaw('ends_at + hold_after_ms * interval \'1 millisecond\' > ?', [at]))
        .orderBy('id')).map(view);
    },
    /** The whole window as it is to be from now on (the service merged the change into it). */
    async update(id: number, next: NewWindow): Promise<StoredWindow | null> {
      const { created_by: _createdBy, source: _source, ...changed } = row(next);
      const [r] = await db('suppression_windows').where({ id }).update(changed).returning('*');
      return r ? view(r) : null;
    },
    async remove(id: number): Promise<boolean> {
      return (await db('suppression_windows').where({ id }).del()) > 0;
    },
    /** A calendar imported again replaces its events for the same scope. */
    async removeImported(sources: string[], scope: SuppressionWindow['scope']): Promise<number> {
      if (sources.length === 0) return 0;
      return db('suppression_windows')
        .whereIn('source', sources)
        .where({ scope_type: scope.type })
        .where((w) => (scope.value === null ? w.whereNull('scope_value') : w.where('scope_value', scope.value)))
        .del();
    },
  };
}

export type WindowRepository = ReturnType<typeof createWindowRepository>;
