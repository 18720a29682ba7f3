// event_rule_queue rows remember their failures, so one event that cannot be matched never holds the
// queue (issue 14 debt): a failed event counts its attempts and keeps its last error, waits out a
// backoff (`retry_at`) while the events queued with it go on, and after its last attempt, or at once
// for a failure no retry can fix, is kept dead (`dead_at`): never leased again, counted on /metrics,
// left for ops to read. An outage (database or Temporal away) counts no attempt.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_rule_queue', (t) => {
    t.integer('attempts').notNullable().defaultTo(0); // failed matches that counted (outages do not)
    t.text('last_error'); // the last failure's reason, for ops
    t.timestamp('retry_at', { useTz: true }); // a failed event is not leased again before this
    t.timestamp('dead_at', { useTz: true }); // given up: never leased again
  });
  // The drain leases the oldest live rows in id order: dead rows, kept for ops, stay out of that scan.
  await knex.raw('create index event_rule_queue_live on event_rule_queue (id) where dead_at is null');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
