// The only code that reads or writes `event_rule_queue`: fresh events real-time event rules may
// match, queued in the ingest transaction, leased by a drain while it matches them (and fires their
// alerts, with no transaction open) and deleted once matched.
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../usage/ingest.js';

/** Rows a drain holds until `leaseMs` after its last renewal. */
export interface Lease {
  token: string;
  rows: Array<{ id: number; event: StoredEvent }>;
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
     * out) for `leaseMs`, in one statement: its row locks last only as long as it does. Rows another
     * drain is leasing at this moment are skipped, not waited for. In queue order. */
    async lease(limit: number, leaseMs: number): Promise<Lease> {
      const token = randomUUID();
      // `= any(array(...))`: the locking subquery runs once, its LIMIT kept (an `in (...)` may be
      // planned as a join that locks more).
      const { rows } = await db.raw<{ rows: Array<{ id: string; event: StoredEvent }> }>(
        `update event_rule_queue set lease = ?, leased_until = now() + ? * interval '1 millisecond'
          where id = any(array(
            select id from event_rule_queue where leased_until is null or leased_until < now()
             order by id limit ? for update skip locked))
          returning id, event`,
        [token, leaseMs, limit],
      );
      return { token, rows: rows.map((r) => ({ id: Number(r.id), event: r.event })).sort((a, b) => a.id - b.id) };
    },

    /** Extends a lease still held by `lease` (rows another drain took after it ran out stay theirs). */
    async renew(lease: Lease, leaseMs: number): Promise<void> {
      await db('event_rule_queue')
        .where({ lease: lease.token })
        .update({ leased_until: db.raw(`now() + ? * interval '1 millisecond'`, [leaseMs]) });
    },

    /** Frees a lease's rows for the next drain at once (its drain failed; it did not die). */
    async release(lease: Lease): Promise<void> {
      await db('event_rule_queue').where({ lease: lease.token }).update({ lease: null, leased_until: null });
    },

    /** Deletes matched events, whoever holds them now: their alerts are fired. */
    async remove(ids: number[]): Promise<void> {
      await db('event_rule_queue').whereIn('id', ids).del();
    },
  };
}
