// The only code that reads or writes `event_rule_queue`: fresh events real-time event rules may
// match, queued in the ingest transaction and deleted once matched.
import type { Knex } from 'knex';
import type { StoredEvent } from '../usage/ingest.js';

export function createEventRuleQueueRepository() {
  return {
    /** Queues events in the caller's transaction (the ingest's own). */
    async enqueue(trx: Knex.Transaction, events: StoredEvent[]): Promise<void> {
      for (let i = 0; i < events.length; i += 1000) {
        await trx('event_rule_queue').insert(events.slice(i, i + 1000).map((e) => ({ event: JSON.stringify(e) })));
      }
    },
    /** The oldest queued events, locked for the transaction; rows locked by another drain are skipped. */
    async lockOldest(trx: Knex.Transaction, limit: number): Promise<Array<{ id: number; event: StoredEvent }>> {
      return trx('event_rule_queue').orderBy('id').limit(limit).forUpdate().skipLocked().select('id', 'event');
    },
    async remove(trx: Knex.Transaction, ids: number[]): Promise<void> {
      await trx('event_rule_queue').whereIn('id', ids).del();
    },
  };
}
