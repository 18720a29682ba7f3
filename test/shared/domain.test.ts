// Pure unit tests for the domain modules and the process configuration: no database, no Temporal.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { formatDuration, parseDuration } from '../../domain/shared/duration.js';
import { durationSchema } from '../../domain/shared/schemas.js';
import { UNSAFE_CHARACTERS, UNSAFE_STRING_MESSAGE, stringProblem } from '../../domain/shared/safeValues.js';
import { createActionToken, verifyActionToken } from '../../domain/alerts/actionToken.js';
import {
  ALERT_STATUSES,
  CLOSED_STATUSES,
  OPEN_STATUSES,
  alertWorkflowId,
  isClosed,
  routeAlert,
  transitionError,
  type AlertStatus,
  type HumanAction,
} from '../../domain/alerts/alert.js';
import { dismissSchema, escalationPolicySchema, fireAlertSchema, outcomeSchema, snoozeSchema, type EscalationPolicy } from '../../domain/alerts/schemas.js';
import { escalationDueMs, timingsFor } from '../../domain/alerts/policy.js';
import { renderCustomerNotice } from '../../domain/notifications/customerNotice.js';
import { bandPeriods } from '../../domain/usage/healthScore.js';
import { ConfigError, parseConfig } from '../../runtime/config.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Runs fn and returns what it threw; fails when it does not throw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a throw');
}

describe('duration', () => {
  test('parseDuration converts every unit to milliseconds', () => {
    assert.equal(parseDuration('45s'), 45 * SECOND);
    assert.equal(parseDuration('30m'), 30 * MINUTE);
    assert.equal(parseDuration('4h'), 4 * HOUR);
    assert.equal(parseDuration('7d'), 7 * DAY);
    assert.equal(parseDuration('2w'), 14 * DAY);
  });

  test('parseDuration takes decimals and surrounding whitespace', () => {
    assert.equal(parseDuration('1.5h'), 90 * MINUTE);
    assert.equal(parseDuration('0.5s'), 500);
    assert.equal(parseDuration('  2h\n'), 2 * HOUR);
  });

  test('parseDuration rejects what is not a duration, naming the input', () => {
    for (const bad of ['', '4', 'h', '4 h', '-1h', '4hours', '1y', '4H', 'forever']) {
      const err = thrown(() => parseDuration(bad));
      assert.ok(err instanceof Error, `${JSON.stringify(bad)} should throw an Error`);
      assert.equal(err.message, `not a duration: ${bad}`);
    }
  });

  test('durationSchema accepts positive durations and rejects zero', () => {
    assert.equal(durationSchema.parse('30m'), '30m');
    assert.equal(durationSchema.safeParse('1.5h').success, true);
    const zero = durationSchema.safeParse('0s');
    assert.equal(zero.success, false);
    assert.deepEqual(zero.error?.issues.map((i) => i.message), ['must be longer than zero']);
    // Rounds to 0 ms, so it is zero too.
    assert.equal(durationSchema.safeParse('0.0001s').success, false);
    assert.equal(durationSchema.safeParse(42).success, false);
  });

  test(
    'durationSchema reports a malformed duration as a validation issue instead of throwing',
    () => {
      for (const bad of ['forever', '', '4 h', '-1h']) {
        const result = durationSchema.safeParse(bad);
        assert.equal(result.success, false, JSON.stringify(bad));
        assert.match(result.error!.issues[0]!.message, /must be a duration like/);
      }
    },
  );

  test('formatDuration picks the largest whole unit', () => {
    assert.equal(formatDuration(7 * DAY), '7d');
    assert.equal(formatDuration(4 * HOUR), '4h');
    assert.equal(formatDuration(90 * MINUTE), '90m');
    assert.equal(formatDuration(30 * SECOND), '30s');
    assert.equal(formatDuration(0), '0s');
  });

  test('formatDuration rounds what has no whole unit', () => {
    assert.equal(formatDuration(HOUR + 30 * SECOND), '1h'); // tenths of an hour
    assert.equal(formatDuration(HOUR + 6 * MINUTE + 1), '1.1h');
    assert.equal(formatDuration(1_500), '2s');
  });

  test('formatDuration output parses back to the same milliseconds for whole units', () => {
    for (const ms of [45 * SECOND, 30 * MINUTE, 4 * HOUR, 36 * HOUR, 7 * DAY, 14 * DAY]) {
      assert.equal(parseDuration(formatDuration(ms)), ms, formatDuration(ms));
    }
  });
});

describe('action tokens', () => {
  const SECRET = 'test-action-secret-0123456789';
  const NOW = 1_764_000_000_000; // a whole second
  const TTL = 7 * DAY;
  const claims = { alertId: 42, action: 'dismiss' as const, recipientId: 'csm-7' };

  test('a fresh token verifies and its fields round-trip', () => {
    const token = createActionToken(SECRET, claims, TTL, NOW);
    const result = verifyActionToken(SECRET, token, NOW);
    assert.equal(result.ok, true);
    assert.ok(result.ok, 'result.ok');
    assert.equal(result.claims.alertId, 42);
    assert.equal(result.claims.action, 'dismiss');
    assert.equal(result.claims.recipientId, 'csm-7');
    assert.equal(result.claims.exp, (NOW + TTL) / 1000);
    assert.match(result.claims.jti, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('a null recipient round-trips, and every token has its own id', () => {
    const a = createActionToken(SECRET, { alertId: 1, action: 'acknowledge', recipientId: null }, TTL, NOW);
    const b = createActionToken(SECRET, { alertId: 1, action: 'acknowledge', recipientId: null }, TTL, NOW);
    assert.notEqual(a, b);
    const ra = verifyActionToken(SECRET, a, NOW);
    const rb = verifyActionToken(SECRET, b, NOW);
    assert.ok(ra.ok && rb.ok, 'ra.ok && rb.ok');
    assert.equal(ra.claims.recipientId, null);
    assert.notEqual(ra.claims.jti, rb.claims.jti);
  });

  test('the token is URL-safe: two base64url parts', () => {
    const token = createActionToken(SECRET, claims, TTL, NOW);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  test('a tampered signature fails', () => {
    const token = createActionToken(SECRET, claims, TTL, NOW);
    const [body, mac] = token.split('.') as [string, string];
    // Change a character in the middle: the last one may carry only padding bits.
    const i = 10;
    const tampered = `${body}.${mac.slice(0, i)}${mac[i] === 'A' ? 'B' : 'A'}${mac.slice(i + 1)}`;
    assert.deepEqual(verifyActionToken(SECRET, tampered, NOW), { ok: false, reason: 'bad_signature' });
    // A shortened signature is refused; whether as malformed or as a bad signature depends on whether its
    // last character happens to be canonical base64url (the token's random id decides).
    const shortened = verifyActionToken(SECRET, `${body}.${mac.slice(0, -4)}`, NOW);
    assert.ok(!shortened.ok && ['bad_signature', 'malformed'].includes(shortened.reason), JSON.stringify(shortened));
  });

  test('a tampered body (another alert) fails the signature check', () => {
    const token = createActionToken(SECRET, claims, TTL, NOW);
    const [body, mac] = token.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...decoded, alertId: 43 })).toString('base64url');
    assert.deepEqual(verifyActionToken(SECRET, `${forged}.${mac}`, NOW), { ok: false, reason: 'bad_signature' });
  });

  test('a token signed with another secret fails', () => {
    const token = createActionToken('another-secret-0123456789', claims, TTL, NOW);
    assert.deepEqual(verifyActionToken(SECRET, token, NOW), { ok: false, reason: 'bad_signature' });
  });

  test('a token is valid until its expiry second and expired from then on', () => {
    const token = createActionToken(SECRET, claims, TTL, NOW);
    assert.equal(verifyActionToken(SECRET, token, NOW + TTL - 1).ok, true);
    assert.deepEqual(verifyActionToken(SECRET, token, NOW + TTL), { ok: false, reason: 'expired' });
    assert.deepEqual(verifyActionToken(SECRET, token, NOW + TTL + DAY), { ok: false, reason: 'expired' });
  });

  test('malformed tokens are reported as malformed', () => {
    for (const bad of ['', 'abc', 'abc.', '.abc', 'a.b.c']) {
      assert.deepEqual(verifyActionToken(SECRET, bad, NOW), { ok: false, reason: 'malformed' }, JSON.stringify(bad));
    }
  });

  test('a correctly signed body that is not valid claims is malformed, not accepted', () => {
    const sign = (body: string) => `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    const notJson = Buffer.from('not json').toString('base64url');
    assert.deepEqual(verifyActionToken(SECRET, sign(notJson), NOW), { ok: false, reason: 'malformed' });
    const badClaims = Buffer.from(
      JSON.stringify({ jti: 'x', alertId: 1, action: 'delete', recipientId: null, exp: NOW / 1000 + 60 }),
    ).toString('base64url');
    assert.deepEqual(verifyActionToken(SECRET, sign(badClaims), NOW), { ok: false, reason: 'malformed' });
    // The same shape with a known action verifies: the check above failed on the action alone.
    const goodClaims = Buffer.from(
      JSON.stringify({ jti: 'x', alertId: 1, action: 'snooze', recipientId: null, exp: NOW / 1000 + 60 }),
    ).toString('base64url');
    assert.equal(verifyActionToken(SECRET, sign(goodClaims), NOW).ok, true);
  });
});

describe('alert model', () => {
  const expectedAllowed: Record<HumanAction, readonly AlertStatus[]> = {
    acknowledge: ['fired', 'suppressed', 'notified', 'escalated', 'snoozed'],
    dismiss: ['fired', 'suppressed', 'notified', 'escalated', 'snoozed', 'acknowledged'],
    snooze: ['notified', 'escalated', 'snoozed'],
    outcome: ['fired', 'suppressed', 'notified', 'escalated', 'snoozed', 'acknowledged'],
  };
  const verbs: Record<HumanAction, string> = {
    acknowledge: 'acknowledge',
    dismiss: 'dismiss',
    snooze: 'snooze',
    outcome: 'record an outcome for',
  };

  test('transitionError allows exactly the expected action/status pairs and names the refusal', () => {
    for (const action of Object.keys(expectedAllowed) as HumanAction[]) {
      for (const from of ALERT_STATUSES) {
        const err = transitionError(action, from);
        if (expectedAllowed[action].includes(from)) {
          assert.equal(err, null, `${action} from ${from} should be allowed`);
        } else {
          assert.equal(err, `cannot ${verbs[action]} an alert that is ${from}`, `${action} from ${from}`);
        }
      }
    }
  });

  test('no human action is allowed on a closed alert', () => {
    for (const action of Object.keys(expectedAllowed) as HumanAction[]) {
      for (const from of CLOSED_STATUSES) assert.notEqual(transitionError(action, from), null, `${action} from ${from}`);
    }
  });

  test('specific refusals read well', () => {
    assert.equal(transitionError('acknowledge', 'acknowledged'), 'cannot acknowledge an alert that is acknowledged');
    assert.equal(transitionError('snooze', 'fired'), 'cannot snooze an alert that is fired');
    assert.equal(transitionError('outcome', 'dismissed'), 'cannot record an outcome for an alert that is dismissed');
  });

  test('isClosed splits the statuses into open and closed', () => {
    for (const s of OPEN_STATUSES) assert.equal(isClosed(s), false, s);
    for (const s of CLOSED_STATUSES) assert.equal(isClosed(s), true, s);
    assert.equal(ALERT_STATUSES.length, OPEN_STATUSES.length + CLOSED_STATUSES.length);
  });

  test('dismissSchema requires a non-blank note for reason "other" only', () => {
    const missing = dismissSchema.safeParse({ reasonCode: 'other' });
    assert.equal(missing.success, false);
    assert.deepEqual(missing.error?.issues.map((i) => i.path), [['note']]);
    assert.equal(missing.error?.issues[0]?.message, 'a note is required when reasonCode is "other"');
    assert.equal(dismissSchema.safeParse({ reasonCode: 'other', note: '   ' }).success, false);
    assert.deepEqual(dismissSchema.parse({ reasonCode: 'other', note: 'duplicate of #12' }), {
      reasonCode: 'other',
      note: 'duplicate of #12',
    });
    assert.equal(dismissSchema.safeParse({ reasonCode: 'false_positive' }).success, true);
    assert.equal(dismissSchema.safeParse({ reasonCode: 'bored' }).success, false);
    assert.equal(dismissSchema.safeParse({ reasonCode: 'other', note: 'x'.repeat(2001) }).success, false);
  });

  test('outcomeSchema requires valueCents for the amounts only the CSM knows (won, lost)', () => {
    for (const outcome of ['expansion_won', 'customer_churned']) {
      const r = outcomeSchema.safeParse({ outcome });
      assert.equal(r.success, false, outcome);
      assert.deepEqual(r.error?.issues.map((i) => i.path), [['valueCents']], outcome);
      assert.equal(outcomeSchema.safeParse({ outcome, valueCents: 120_000 }).success, true, outcome);
      assert.equal(outcomeSchema.safeParse({ outcome, valueCents: 0 }).success, true, `${outcome} with 0`);
    }
    // churn_prevented and renewal_secured default to the account's ARR at the time of the alert
    // (services/alerts/alerts.ts), so they may come without a value.
    for (const outcome of ['churn_prevented', 'renewal_secured', 'no_action_needed', 'other']) {
      assert.equal(outcomeSchema.safeParse({ outcome }).success, true, outcome);
    }
  });

  test('outcomeSchema keeps money in whole, non-negative cents', () => {
    assert.equal(outcomeSchema.safeParse({ outcome: 'expansion_won', valueCents: -1 }).success, false);
    assert.equal(outcomeSchema.safeParse({ outcome: 'expansion_won', valueCents: 10.5 }).success, false);
    assert.equal(outcomeSchema.safeParse({ outcome: 'expansion_won', valueCents: '100' }).success, false);
    assert.equal(outcomeSchema.safeParse({ outcome: 'won_big', valueCents: 100 }).success, false);
  });

  test('snoozeSchema wants an ISO datetime with a zone, in the future', () => {
    assert.equal(snoozeSchema.safeParse({ until: '2099-11-25T10:00:00Z' }).success, true);
    assert.equal(snoozeSchema.safeParse({ until: '2099-11-25T10:00:00+02:00' }).success, true);
    assert.equal(snoozeSchema.safeParse({ until: '2099-11-25T10:00:00' }).success, false);
    assert.deepEqual(snoozeSchema.safeParse({ until: 'tomorrow' }).error?.issues.map((i) => i.path), [['until']]);
    const past = snoozeSchema.safeParse({ until: new Date(Date.now() - 1000).toISOString() });
    assert.deepEqual(past.error?.issues.map((i) => [i.path, i.message]), [[['until'], 'must be in the future']]);
  });

  test('alertWorkflowId is alert/<rule-key>/<account-id>', () => {
    assert.equal(alertWorkflowId('seat-limit-90', 'acct_42'), 'alert/seat-limit-90/acct_42');
    assert.notEqual(alertWorkflowId('a', 'b'), alertWorkflowId('b', 'a'));
  });

  test('rule and account keys cannot contain "/", so a workflow id maps back to one pair', () => {
    const base = {
      ruleKey: 'seat-limit-90',
      accountId: 'acct_42',
      severity: 'high',
      category: 'expansion',
      title: 'Seats at 95%',
      evidence: { seatsUsed: 95, seatLimit: 100 },
      payload: { what: 'w', significance: 's', affected: 'a', action: 'act', dueBy: 'Friday' },
    };
    assert.equal(fireAlertSchema.safeParse(base).success, true);
    const slashRule = fireAlertSchema.safeParse({ ...base, ruleKey: 'seat/limit' });
    assert.equal(slashRule.success, false);
    assert.deepEqual(slashRule.error?.issues.map((i) => i.path), [['ruleKey']]);
    assert.equal(fireAlertSchema.safeParse({ ...base, accountId: 'acct/42' }).success, false);
    assert.equal(fireAlertSchema.safeParse({ ...base, cooldown: '2d' }).success, true);
    assert.equal(fireAlertSchema.safeParse({ ...base, payload: { ...base.payload, dueBy: '' } }).success, false);
  });
});

describe('escalation policy', () => {
  const policy: EscalationPolicy = escalationPolicySchema.parse({
    ackSla: { critical: '4h', high: '1d', medium: '3d', low: null },
    escalationLevels: 2,
    escalationInterval: { critical: '2h', high: null, medium: '1d', low: null },
    maxSuppressionHold: '3d',
    expireAfter: '30d',
    defaultCooldown: '7d',
  });

  test('timingsFor resolves a severity to milliseconds', () => {
    assert.deepEqual(timingsFor(policy, 'critical'), {
      ackSlaMs: 4 * HOUR,
      escalationIntervalMs: 2 * HOUR,
      escalationLevels: 2,
      maxSuppressionHoldMs: 3 * DAY,
      expireAfterMs: 30 * DAY,
      cooldownMs: 7 * DAY,
    });
  });

  test('critical: 4h SLA escalates to level 1 at 4h and level 2 at 4h + interval, no level 3', () => {
    const t = timingsFor(policy, 'critical');
    assert.equal(escalationDueMs(t, 1), 4 * HOUR);
    assert.equal(escalationDueMs(t, 2), 4 * HOUR + 2 * HOUR);
    assert.equal(escalationDueMs(t, 3), null);
  });

  test('without an interval the steps repeat the SLA', () => {
    const t = timingsFor(policy, 'high');
    assert.equal(t.escalationIntervalMs, DAY);
    assert.equal(escalationDueMs(t, 1), DAY);
    assert.equal(escalationDueMs(t, 2), 2 * DAY);
  });

  test('low has no SLA, so it never escalates', () => {
    const t = timingsFor(policy, 'low');
    assert.equal(t.ackSlaMs, null);
    assert.equal(t.escalationIntervalMs, null);
    assert.equal(escalationDueMs(t, 1), null);
    assert.equal(escalationDueMs(t, 2), null);
  });

  test('a policy with zero levels never escalates', () => {
    const t = timingsFor({ ...policy, escalationLevels: 0 }, 'critical');
    assert.equal(escalationDueMs(t, 1), null);
  });

  test("an alert's own cooldown overrides the policy default", () => {
    assert.equal(timingsFor(policy, 'medium', '12h').cooldownMs, 12 * HOUR);
    assert.equal(timingsFor(policy, 'medium').cooldownMs, 7 * DAY);
  });

  test('the policy schema rejects zero durations and too many levels', () => {
    const raw = {
      ackSla: { critical: '4h', high: '1d', medium: '3d', low: null },
      escalationLevels: 2,
      escalationInterval: { critical: null, high: null, medium: null, low: null },
      maxSuppressionHold: '3d',
      expireAfter: '30d',
      defaultCooldown: '7d',
    };
    assert.equal(escalationPolicySchema.safeParse(raw).success, true);
    const zero = escalationPolicySchema.safeParse({ ...raw, ackSla: { ...raw.ackSla, critical: '0m' } });
    assert.equal(zero.success, false);
    assert.deepEqual(zero.error?.issues.map((i) => i.path), [['ackSla', 'critical']]);
    assert.equal(escalationPolicySchema.safeParse({ ...raw, escalationLevels: 11 }).success, false);
    assert.equal(escalationPolicySchema.safeParse({ ...raw, escalationLevels: 1.5 }).success, false);
  });
});

describe('routing and customer notices', () => {
  test('routeTo ae goes to the account executive, falls back to the owner and says why; csm or none goes to the owner', () => {
    const both = { ownerId: 'sam', aeId: 'ann' };
    assert.deepEqual(routeAlert('ae', both), { ownerId: 'ann', routedTo: { role: 'ae' } });
    assert.deepEqual(routeAlert('ae', { ownerId: 'sam', aeId: null }), {
      ownerId: 'sam',
      routedTo: { role: 'ae', fallback: 'owner', reason: 'the account has no account executive' },
    });
    assert.deepEqual(routeAlert('csm', both), { ownerId: 'sam', routedTo: { role: 'csm' } });
    assert.deepEqual(routeAlert(undefined, both), { ownerId: 'sam', routedTo: { role: 'csm' } });
  });

  test('a customer notice carries only what happened and what to do, HTML-escaped', () => {
    const mail = renderCustomerNotice({
      account: { name: 'Acme <Corp>' },
      recipient: { name: 'Dana' },
      payload: { what: 'Your team uses 95 of 100 seats.', action: 'Add seats before Friday & keep everyone working.' },
    });
    assert.equal(mail.subject, 'About your Acme <Corp> account');
    assert.equal(mail.text, 'Hi Dana,\n\nWhat happened: Your team uses 95 of 100 seats.\nWhat you can do: Add seats before Friday & keep everyone working.');
    assert.match(mail.html, /Add seats before Friday &amp; keep everyone working\./);
    assert.doesNotMatch(mail.html, /<Corp>/);
    assert.match(renderCustomerNotice({ account: { name: 'A' }, recipient: { name: null }, payload: { what: 'w', action: 'a' } }).text, /^Hello,/);
  });
});

describe('configuration', () => {
  const KEY = 'admin-key-0123456789';
  const SECRET = 'action-secret-0123456789';

  function configError(env: Record<string, string | undefined>): string {
    const err = thrown(() => parseConfig(env));
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message;
  }

  test('only the two secrets are required; the rest has local defaults', () => {
    const c = parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET });
    assert.equal(c.ADMIN_API_KEY, KEY);
    assert.equal(c.ACTION_SECRET, SECRET);
    assert.equal(c.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/usage_alerts');
    assert.equal(c.TEMPORAL_ADDRESS, '127.0.0.1:7233');
    assert.equal(c.TEMPORAL_NAMESPACE, 'default');
    assert.equal(c.TASK_QUEUE, 'usage-alerts');
    assert.equal(c.PORT, 3000);
    assert.equal(c.HOST, '127.0.0.1');
    assert.equal(c.PUBLIC_URL, 'http://localhost:3000');
    assert.equal(c.ACTION_LINK_TTL, '7d');
    assert.equal(c.EMAIL_FROM, 'alerts@usage-alerts.local');
    assert.equal(c.SENDGRID_API_KEY, undefined);
  });

  test('a missing ADMIN_API_KEY is named in one line', () => {
    const message = configError({ ACTION_SECRET: SECRET });
    assert.equal(message, 'config error: ADMIN_API_KEY is required but not set');
  });

  test('an empty value counts as unset, and an empty required one says it is empty', () => {
    assert.equal(configError({ ADMIN_API_KEY: '', ACTION_SECRET: SECRET }), 'config error: ADMIN_API_KEY is set but empty; it is required');
    const c = parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, SENDGRID_API_KEY: '', EMAIL_FROM: '', PUBLIC_URL: '' });
    assert.equal(c.SENDGRID_API_KEY, undefined);
    assert.equal(c.EMAIL_FROM, 'alerts@usage-alerts.local');
    assert.equal(c.PUBLIC_URL, 'http://localhost:3000');
  });

  test('every bad variable gets its own line', () => {
    const lines = configError({ ADMIN_API_KEY: 'short', PORT: '70000', PUBLIC_URL: 'not a url' }).split('\n');
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.ok(lines.includes('config error: ADMIN_API_KEY must be at least 16 characters'), 'lines.includes(\'config error: ADMIN_API_KEY must be at least 16 characters\')');
    assert.ok(lines.includes('config error: ACTION_SECRET is required but not set'), 'lines.includes(\'config error: ACTION_SECRET is required but not set\')');
    assert.ok(lines.some((l) => l.startsWith('config error: PORT ')), 'lines.some((l) => l.startsWith(\'config error: PORT \'))');
    assert.ok(lines.some((l) => l.startsWith('config error: PUBLIC_URL ')), 'lines.some((l) => l.startsWith(\'config error: PUBLIC_URL \'))');
  });

  test('EVALUATION_SHARDS: 1 by default, a whole number from 1 to 64', () => {
    assert.equal(parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET }).EVALUATION_SHARDS, 1);
    assert.equal(parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, EVALUATION_SHARDS: '8' }).EVALUATION_SHARDS, 8);
    for (const bad of ['0', '65', '2.5', 'four']) {
      assert.match(configError({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, EVALUATION_SHARDS: bad }), /^config error: EVALUATION_SHARDS /, `EVALUATION_SHARDS=${bad}`);
    }
  });

  test('PORT is coerced from text, and the default PUBLIC_URL follows it', () => {
    const c = parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, PORT: '8080' });
    assert.equal(c.PORT, 8080);
    assert.equal(c.PUBLIC_URL, 'http://localhost:8080');
    assert.match(configError({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, PORT: 'abc' }), /^config error: PORT /);
  });

  test('PUBLIC_URL loses its trailing slash, so links can append paths', () => {
    const c = parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, PUBLIC_URL: 'https://alerts.example.com/' });
    assert.equal(c.PUBLIC_URL, 'https://alerts.example.com');
  });

  test('ACTION_LINK_TTL takes a duration; zero is refused by name', () => {
    assert.equal(parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, ACTION_LINK_TTL: '48h' }).ACTION_LINK_TTL, '48h');
    assert.equal(
      configError({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, ACTION_LINK_TTL: '0d' }),
      'config error: ACTION_LINK_TTL must be longer than zero',
    );
  });

  test('WORKER_MAX_CACHED_WORKFLOWS is a whole number of workflows, at least 1; unset leaves the SDK its default', () => {
    assert.equal(parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, WORKER_MAX_CACHED_WORKFLOWS: '12500' }).WORKER_MAX_CACHED_WORKFLOWS, 12_500);
    assert.equal(parseConfig({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET }).WORKER_MAX_CACHED_WORKFLOWS, undefined);
    for (const bad of ['0', '-5', '2.5', 'many', '1e9']) {
      assert.match(configError({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, WORKER_MAX_CACHED_WORKFLOWS: bad }), /^config error: WORKER_MAX_CACHED_WORKFLOWS /, `"${bad}" is refused by name`);
    }
  });

  test(
    'a malformed ACTION_LINK_TTL is a ConfigError naming it',
    () => {
      assert.match(configError({ ADMIN_API_KEY: KEY, ACTION_SECRET: SECRET, ACTION_LINK_TTL: 'forever' }), /^config error: ACTION_LINK_TTL /);
    },
  );
});

describe('health band history', () => {
  test('one period per run of days in a band, days without a score skipped, the last day\'s score kept', () => {
    const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;
    const scores: Array<number | null> = [65, 62, null, 58, 41, 39, 39, null, 45];
    assert.deepEqual(
      bandPeriods(scores.map((s, i) => ({ day: day(i + 1), healthScore: s }))),
      [
        { band: 'healthy', from: day(1), to: day(2), score: 62 },
        { band: 'developing', from: day(4), to: day(5), score: 41 },
        { band: 'at_risk', from: day(6), to: day(7), score: 39 },
        { band: 'developing', from: day(9), to: day(9), score: 45 },
      ],
    );
    assert.deepEqual(bandPeriods([{ day: day(1), healthScore: null }]), [], 'no score, no band');
  });
});

describe('safe strings', () => {
  // stringProblem skips its two patterns when a plain loop finds no character they could match (the
  // intake's hot path): widening UNSAFE_CHARACTERS without that loop would silently let the new
  // characters through. Every UTF-16 code unit alone, and paired surrogates, must get the patterns' answer.
  test("stringProblem's quick pre-check agrees with the patterns on every code unit", () => {
    const disagree: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      const lone = c >= 0xd800 && c <= 0xdfff; // alone, any surrogate is unpaired
      const expected = UNSAFE_CHARACTERS.test(s) ? UNSAFE_STRING_MESSAGE : lone ? 'must not contain unpaired UTF-16 surrogates' : null;
      if (stringProblem(s) !== expected) disagree.push(c.toString(16));
    }
    assert.deepEqual(disagree.slice(0, 10), [], `code units where stringProblem differs from the patterns (first 10 of ${disagree.length})`);
    assert.equal(stringProblem('emoji \u{1F600} paired'), null, 'a paired surrogate is fine');
  });
});
