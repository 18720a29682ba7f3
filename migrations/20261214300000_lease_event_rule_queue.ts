// event_rule_queue rows are leased, not locked, while their drain fires their alerts: a drain claims
// its rows in one short statement (lease token and expiry), fires through Temporal with no transaction
// open, then deletes them. A row lock held across the fires kept a pooled connection (and the
// transaction) for as long as Temporal took, and under load the intake and the other drains queued on
// the pool behind it (bench/README.md, "The intake's fast path"). A drain that dies leaves its rows
// leased until `leased_until` passes; the next drain then takes them and fires again, keyed by the
// event, so the alert is still made once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('event_rule_queue', (t) => {
    t.uuid('lease'); // the drain holding the row; null: free
    t.timestamp('leased_until', { useTz: true }); // after this the row is free again (its drain died)
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
