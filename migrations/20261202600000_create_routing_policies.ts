// Notification routing as data (issue 13): routing policies, versioned like rules (every change a
// new immutable version with who, when and why; the current one is the highest); team members'
// timezone, working hours, out-of-office and Slack id; and the outbox's record of channels other
// than email (the provider's answer and the reason a delivery failed).
import type { Knex } from 'knex';

// The seeded default: urgent alerts reach the owner everywhere, the rest by email in working hours.
// Slack and the CRM are skipped while their credentials are unset.
const DEFAULT_POLICY = {
  severities: {
    critical: { channels: ['email', 'slack', 'crm'], timing: 'immediately' },
    high: { channels: ['email', 'slack', 'crm'], timing: 'working_hours' },
    medium: { channels: ['email'], timing: 'working_hours' },
    low: { channels: ['email'], timing: 'working_hours' },
  },
  categories: {},
  rules: {},
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('routing_policy_versions', (t) => {
    t.text('name').notNullable();
    t.integer('version').notNullable();
    t.jsonb('definition').notNullable();
    t.text('changed_by').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('reason').notNullable();
    t.primary(['name', 'version']);
  });
  await knex('routing_policy_versions').insert({
    name: 'default',
    version: 1,
    definition: JSON.stringify(DEFAULT_POLICY),
    changed_by: 'system',
    reason: 'initial routing policy',
  });
  await knex.schema.alterTable('team_members', (t) => {
    t.text('timezone');
    t.jsonb('working_hours');
    t.jsonb('out_of_office');
    t.text('slack_user_id');
  });
  await knex.schema.alterTable('notifications', (t) => {
    t.text('error'); // the provider's reason when status is 'failed'
    t.jsonb('provider_data'); // e.g. Slack's channel and ts, HubSpot's task id: what later updates need
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migrations');
}
