// The only code that reads or writes `event_rule_queue`: fresh events real-time event rules may
// match, queued in the ingest transaction, leased by a drain while it matches them (and fires their
// alerts, with no transaction open) and deleted once matched. A row whose matching failed counts the
// attempt and waits for its retry, or is kept dead (never leased again) for ops to read.
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../usage/ingest.js';

/** Rows a drain holds until `leaseMs` after its last renewal. */
export interface Lease {
  token: string;
  /** `attempts`: the failed matches the row has had so far. */
  rows: Array<{ id: number; event: StoredEvent; attempts: number }>;
}

/** A leased row's failed match: it waits `retryInMs` before a drain takes it again, or is kept dead. */
export interface FailedRow {
  id: number;
  error: string;
  dead: boolean;
  retryInMs: number;
}

/** The queue's rows as ops see them: waiting (first try or a retry), waiting after a failure, given up. */
export interface QueueCounts {
  queued: number;
  retrying: number;
  dead: number;
}

export function createEventRuleQueueRepository(db: Knex) {
  return {
    /** Queues events in the caller's transaction (the ingest's own). */
    async enqueue(trx: Knex.Transaction, events: StoredEvent[]): Promise<void> {
      for (let i = 0; i < events.length; i += 1000) {
        await trx('event_rule_queue').insert(events.slice(i, i + 1000).map((e) => ({ event: JSON.stringify(e) })));
      }
    },

    /** Leases the oldest free events (never leased, released, or leased by a drain whose lease ran
     * out; not dead, and past their retry time after a failure) for `leaseMs`, in one statement: its
     * row locks last only as long as it does. Rows another drain is leasing at this moment are
     * skipped, not waited for. In queue order. */
    async lease(limit: number, leaseMs: number): Promise<Lease> {
      const token = randomUUID();
      // `= any(array(...))`: the locking subquery runs once, its LIMIT kept (an `in (...)` may be
      // planned as a join that locks more).
      const { rows } = await db.raw<{ rows: Array<{ id: string; event: StoredEvent; attempts: number }> }>(
        `update event_rule_queue set lease = ?, leased_until = now() + ? * interval '1 millisecond'
          where id = any(array(
            select id from event_rule_queue
             where dead_at is null and (leased_until is null or leased_until < now()) and (retry_at is null or retry_at <= now())
             order by id limit ? for update skip locked))
          returning id, event, attempts`,
        [token, leaseMs, limit],
      );
      return { token, rows: rows.map((r) => ({ id: Number(r.id), event: r.event, attempts: r.attempts })).sort((a, b) => a.id - b.id) };
    },

    /** Extends a lease still held by `lease` (rows another drain took after it ran out stay theirs). */
    async renew(lease: Lease, leaseMs: number): Promise<void> {
      await db('event_rule_queue')
        .where({ lease: lease.token })
        .update({ leased_until: db.raw(`now() + ? * interval '1 millisecond'`, [leaseMs]) });
    },

    /** Frees a lease's rows (or those of `ids` among them) for the next drain at once, with no
     * attempt counted: their drain failed on an outage, or never got to them. */
    async release(lease: Lease, ids?: number[]): Promise<void> {
      const q = db('event_rule_queue').where({ lease: lease.token });
      if (ids) q.whereIn('id', ids);
      await q.update({ lease: null, leased_until: null });
    },

    /** Records failed matches of rows the lease still holds: one more attempt, the error, and the
     * time of the retry, or dead. Rare (a failure each), so a statement a row. */
    async fail(lease: Lease, failed: FailedRow[]): Promise<void> {
      for (const f of failed) {
        await db('event_rule_queue')
          .where({ id: f.id, lease: lease.token })
          .update({
            attempts: db.raw('attempts + 1'),
            last_error: f.error,
            retry_at: f.dead ? null : db.raw(`now() + ? * interval '1 millisecond'`, [f.retryInMs]),
            dead_at: f.dead ? db.fn.now() : null,
            lease: null,
            leased_until: null,
          });
      }
    },

    /** The queue's rows by state, for /metrics (a small table: the live rows are the seconds'
     * backlog, the dead ones the few events given up). */
    async counts(): Promise<QueueCounts> {
      const row = await db('event_rule_queue')
        .first(
          db.raw('count(*) filter (where dead_at is null)::int as queued'),
          db.raw('count(*) filter (where dead_at is null and attempts > 0)::int as retrying'),
          db.raw('count(*) filter (where dead_at is not null)::int as dead'),
        );
      return { queued: Number(row?.queued ?? 0), retrying: Number(row?.retrying ?? 0), dead: Number(row?.dead ?? 0) };
    },

    /** Deletes matched events, whoever holds them now: their alerts are fired. */
    async remove(ids: number[]): Promise<void> {
      await db('event_rule_queue').whereIn('id', ids).del();
    },
  };
}
