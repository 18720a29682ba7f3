// Maintenance and holiday windows (issue 13): alerts in a window's scope that fire while it is open
// are held (suppressed) until it ends. One-off (starts_at..ends_at) or a series (rrule in timezone,
// each occurrence duration_ms long, until ends_at). `source` names an imported calendar event.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('suppression_windows', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('kind').notNullable();
    t.text('scope_type').notNullable();
    t.text('scope_value');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true });
    t.text('rrule');
    t.bigInteger('duration_ms');
    t.bigInteger('hold_after_ms').notNullable().defaultTo(0);
    t.text('timezone').notNullable();
    t.text('source');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['starts_at']);
  });
  await knex.raw(`alter table suppression_windows add constraint suppression_windows_kind check (kind in ('maintenance', 'holiday'))`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
