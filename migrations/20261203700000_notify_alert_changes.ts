// Every change of an alert row is announced on the PostgreSQL channel `alert_changes` (its id, status
// and owner as JSON), so the web app's inbox hears of it without polling, whichever process made it:
// the worker's activities write alerts, the API serves the inbox (services/web/alertChangeFeed.ts).
// A NOTIFY is sent at commit, only for committed changes; identical payloads in one transaction
// are sent once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create function notify_alert_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('alert_changes', json_build_object('id', new.id, 'status', new.status, 'ownerId', new.owner_id)::text);
  return null;
end
$$`);
  await knex.raw(`create trigger alerts_notify_change after insert or update on alerts
    for each row execute function notify_alert_change()`);
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
