// Errors no retry can fix are made non-retryable, so nothing retries forever: a provider's refusal
// (4xx other than 408/429) through the real @sendgrid/mail client, and PostgreSQL data errors from
// the real database. A refused owner email is recorded on the alert's timeline and the lifecycle
// goes on (escalation still reaches the manager); the refused mail is never sent again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { alertInput, eventually, ORG, type Stack, startStackOn } from '../support/stack.js';
import { createSendGridMailer } from '../../activities/notifications/sendgridMailer.js';
import { DATABASE_DATA_ERROR, PROVIDER_REJECTED, withPermanentFailures } from '../../activities/shared/failures.js';

const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;
let stack: Stack;
let close: (() => Promise<void>) | undefined;

before(async () => ({ env, stack, close } = await startStackOn(timeSkippingEnv)));
after(() => close?.());

const mail = (to: string) => ({ to, subject: 's', text: 't', html: '<p>t</p>', idempotencyKey: `k-${to}` });
const nonRetryable = (type: string, message: RegExp) => (err: unknown) => {
  assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
  assert.equal(err.type, type);
  assert.equal(err.nonRetryable, true);
  assert.match(err.message, message);
  return true;
};

describe('what a retry cannot fix', () => {
  test("SendGrid's 400 is non-retryable and names SendGrid's reason; 429 and a wrong key's 401 are told apart", async () => {
    const mailer = createSendGridMailer({ apiKey: stack.sendgrid.apiKey, baseUrl: stack.sendgrid.baseUrl, from: 'alerts@vendor.test' });
    await assert.rejects(
      mailer.send(mail('bad@rejected.test')),
      nonRetryable(PROVIDER_REJECTED, /^SendGrid rejected the request \(400\): personalizations\.0\.to\.0\.email: Does not contain a valid address\.$/),
    );
    // Rate limiting passes with time: retryable (after Retry-After when SendGrid gives one; see providerFaults.test.ts).
    await assert.rejects(mailer.send(mail('busy@ratelimited.test')), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure, 'a 429 is an ApplicationFailure the retry policy retries');
      assert.deepEqual([err.type, err.nonRetryable, err.nextRetryDelay], ['SendGridRateLimited', false, undefined]);
      return true;
    });
    const wrongKey = createSendGridMailer({ apiKey: 'SG.wrong', baseUrl: stack.sendgrid.baseUrl, from: 'alerts@vendor.test' });
    await assert.rejects(wrongKey.send(mail('cleo@vendor.test')), nonRetryable(PROVIDER_REJECTED, /\(401\)/));
  });

  test('PostgreSQL data and integrity errors are non-retryable; unique violations and other errors are left to retry', async () => {
    const { db } = stack.database;
    const run = withPermanentFailures({ query: async (sql: string) => db.raw(sql) });
    await assert.rejects(run.query(`select 'x'::int`), nonRetryable(DATABASE_DATA_ERROR, /SQLSTATE 22P02/));
    await assert.rejects(run.query(`insert into team_members (id, name, email) values (null, 'n', 'e@x.test')`), nonRetryable(DATABASE_DATA_ERROR, /SQLSTATE 23502/));
    await assert.rejects(
      run.query(`insert into alert_events (alert_id, type, actor, data, at) values (-1, 'x', 'y', '{}', now())`),
      nonRetryable(DATABASE_DATA_ERROR, /SQLSTATE 23503, alert_events_alert_id_foreign/),
    );
    // The activities' idempotency keys: a retry takes the "already there" path.
    await assert.rejects(run.query(`insert into team_members (id, name, email, role) values ('csm', 'n', 'e@x.test', 'csm')`), (err: unknown) => {
      assert.ok(!(err instanceof ApplicationFailure), '!(err instanceof ApplicationFailure)');
      assert.equal((err as { code?: string }).code, '23505');
      return true;
    });
    await assert.rejects(run.query('select * from no_such_table'), (err: unknown) => !(err instanceof ApplicationFailure));
  });

  test("an owner email SendGrid refuses is tried once, recorded as failed, and the alert still escalates to the manager", async () => {
    await stack.directory.putTeamMember('typo', { name: 'Tess Typo', email: 'tess@rejected.test', role: 'csm', managerId: ORG.manager.id });
    const account = `acct-typo-${Math.random().toString(36).slice(2, 7)}`;
    await stack.directory.putAccount(account, { name: 'Typo Inc', ownerId: 'typo', segment: 'mid-market', tier: 'pro', seatLimit: 50 });
    const { alertId } = await stack.alerts.fire(alertInput(account, { severity: 'critical' }));

    const notified = await eventually(async () => {
      const a = await stack.alerts.get(alertId);
      return a.status === 'notified' ? a : undefined;
    }, 'notified despite the refused email');
    const event = notified.timeline.find((e) => e.type === 'notified')!;
    assert.equal(event.data.delivered, 'failed');
    assert.equal(event.data.recipient, 'tess@rejected.test');
    assert.match(String(event.data.error), /SendGrid rejected the request \(400\)/);
    const [row] = await stack.database.db('notifications').where({ alert_id: alertId });
    assert.deepEqual([row.status, row.attempts], ['failed', 1]);

    await env.sleep(4 * HOUR + 60_000); // critical SLA
    const escalated = await eventually(async () => (stack.mailsFor(alertId).length === 1 ? stack.mailsFor(alertId) : undefined), 'the escalation email');
    assert.deepEqual(escalated[0]!.to, [ORG.manager.email]);
    const outbox = await stack.database.db('notifications').where({ alert_id: alertId }).orderBy('id');
    assert.deepEqual(outbox.map((n) => [n.idempotency_key, n.status, n.attempts]), [
      [`alert:${alertId}:notify:0`, 'failed', 1],
      [`alert:${alertId}:escalation:1`, 'sent', 1],
    ]);
  });
});
