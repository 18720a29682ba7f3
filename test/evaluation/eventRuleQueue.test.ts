// Real-time event rules are handed over durably: the events they may match are queued in the ingest
// transaction, so an API that dies right after its commit (before its own drain) loses nothing: the
// worker's drain fires the alert, once, and a drain repeated after a crash fires nothing twice. An
// event that cannot be matched holds nothing: the events leased with it alert, it is retried with
// backoff and then kept dead (at once when no retry can help), and an outage uses up no attempt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../support/temporal.js';
import { eventually, ORG, startStack, type Stack } from '../support/stack.js';
import { createRule } from '../../services/rules/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';
import { createIngestService } from '../../services/usage/ingest.js';
import { createEventRuleService } from '../../services/evaluation/eventRules.js';
import { startEventRuleDrain } from '../../runtime/eventRuleDrain.js';
import { backgroundLogger } from '../../runtime/logging.js';
import { createEventRuleQueueRepository } from '../../services/evaluation/eventRuleQueueRepository.js';
import { createAlertService, type AlertService } from '../../services/alerts/alerts.js';
import { freePort } from '../support/net.js';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../../runtime/db.js';

/** The background logger's JSON lines, kept for the assertions. */
function capturedLogger() {
  const lines: Array<Record<string, any>> = [];
  return { lines, log: backgroundLogger({ write: (line: string) => void lines.push(JSON.parse(line)) }) };
}

let env: TestWorkflowEnvironment;
let stack: Stack;

before(async () => {
  env = await timeSkippingEnv();
  stack = await startStack(env);
  await stack.directory.putAccount('acme', { name: 'Acme', ownerId: ORG.csm.id });
  for (const id of ['globex', 'initech', 'hooli', 'umbrella', 'stark', 'wayne', 'tyrell']) await stack.directory.putAccount(id, { name: id, ownerId: ORG.csm.id });
  const text = { what: '{{event.userId}} did {{event.event}}', significance: 's', affected: 'a', action: 'x', dueBy: 'd' };
  await createRule(stack.database.db, ruleCreateSchema.parse({
    key: 'pricing_viewed', name: 'Pricing viewed', category: 'expansion', status: 'active',
    condition: { kind: 'event', event: 'Pricing Viewed' }, severity: { base: 'low' }, title: 'Pricing viewed', payload: text,
  }), 'test');
});
after(async () => {
  await stack?.close();
  await env?.teardown();
});

describe('event rules handed over durably', () => {
  test('an API that dies after its commit: the worker fires the alert from the queue, once', async () => {
    const { db } = stack.database;
    const alerts = stack.alerts;
    const eventRules = createEventRuleService({ db, alerts, log: capturedLogger().log });
    // The API process as it was when it died: it queued in its transaction and never drained.
    const dyingApi = createIngestService(db, { queue: eventRules.queue });
    const sent = { type: 'track', messageId: 'm-pricing-1', userId: 'u1', event: 'Pricing Viewed', context: { groupId: 'acme' } };
    const answer = await dyingApi.ingest([sent, { ...sent, messageId: 'm-other-1', event: 'Something Else' }], { sourceId: null });
    assert.equal(answer.stored, 2);
    const queued = await db('event_rule_queue').select('event');
    assert.deepEqual(queued.map((q) => q.event.messageId), ['m-pricing-1'], 'only what an event rule may match is queued');
    assert.equal((await db('alerts').where({ rule_key: 'pricing_viewed' })).length, 0);

    // The worker's drain picks it up.
    const drain = startEventRuleDrain(eventRules, capturedLogger().log, 100);
    try {
      await eventually(async () => ((await db('event_rule_queue').count('* as n').first())!.n === 0 ? true : undefined), 'the queue drained');
    } finally {
      await drain.stop();
    }
    const fired = await db('alerts').where({ rule_key: 'pricing_viewed', account_id: 'acme' });
    assert.equal(fired.length, 1);

    // A drain that crashed after firing but before deleting its rows: the event is matched again,
    // and the fire, keyed by the event, is answered as the first time (no second alert, no reconfirmation).
    await db('event_rule_queue').insert(queued.map((q) => ({ event: JSON.stringify(q.event) })));
    assert.equal(await eventRules.drain(), 1);
    assert.equal((await db('alerts').where({ rule_key: 'pricing_viewed' })).length, 1);
    const reconfirmations = await db('alert_events').where({ alert_id: fired[0].id, type: 'reconfirmed' });
    assert.equal(reconfirmations.length, 0);
  });

  test('a batch with no event a rule names starts no drain after its commit', async () => {
    const { db } = stack.database;
    const eventRules = createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log });
    let drains = 0;
    const api = createIngestService(db, { queue: eventRules.queue, afterCommit: async () => void drains++ });
    const sent = { type: 'track', userId: 'u2', context: { groupId: 'acme' } };
    await api.ingest([{ ...sent, messageId: 'm-quiet-1', event: 'Report Exported' }, { ...sent, messageId: 'm-quiet-2', event: 'Logged In' }], { sourceId: null });
    assert.equal(drains, 0, 'a batch that queued nothing started a drain (a transaction) anyway');
    await api.ingest([{ ...sent, messageId: 'm-pricing-2', event: 'Pricing Viewed' }], { sourceId: null });
    assert.equal(drains, 1, 'a batch that queued an event did not start its drain');
    await eventRules.drain();
  });

  test("a failing drain is a JSON line in the background logger, and the drain goes on", async () => {
    const { lines, log } = capturedLogger();
    let calls = 0;
    const failing = {
      drain: async () => {
        if (calls++ === 0) throw new Error('database away');
        return 0;
      },
    };
    const drain = startEventRuleDrain(failing, log, 10);
    try {
      await eventually(async () => (calls >= 2 ? true : undefined), 'the drain tried again');
    } finally {
      await drain.stop();
    }
    assert.equal(lines.length, 1, 'one line for the one failure');
    assert.deepEqual(
      [lines[0]!.level, lines[0]!.process, lines[0]!.msg, lines[0]!.err?.message],
      [50, 'background', 'event rule queue: drain failed, retrying', 'database away'],
      'an error line with the error as a field',
    );
  });
});

/** The stack's alerts, each fire held at a gate until the test opens it: `entered` resolves once a
 * fire has reached it (the drain is then waiting on "Temporal"). */
function gatedAlerts() {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let entered!: () => void;
  const reached = new Promise<void>((r) => (entered = r));
  const alerts: Pick<AlertService, 'fire'> = {
    async fire(...args) {
      entered();
      await gate;
      return stack.alerts.fire(...args);
    },
  };
  return { alerts, open, reached };
}

/** Queues one 'Pricing Viewed' event of `accountId` as the ingest does (no drain after the commit). */
async function queueEvent(messageId: string, accountId: string) {
  const { db } = stack.database;
  const eventRules = createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log });
  await createIngestService(db, { queue: eventRules.queue }).ingest([{ type: 'track', messageId, userId: 'u9', event: 'Pricing Viewed', context: { groupId: accountId } }], { sourceId: null });
}

const alertsOf = (accountId: string) => stack.database.db('alerts').where({ rule_key: 'pricing_viewed', account_id: accountId });
const reconfirmationsOf = async (accountId: string) => {
  const [alert] = await alertsOf(accountId);
  return stack.database.db('alert_events').where({ alert_id: alert.id, type: 'reconfirmed' });
};
const queuedIds = async (): Promise<string[]> => (await stack.database.db('event_rule_queue').orderBy('id').select('event')).map((q) => q.event.messageId);

describe('a drain leases its events and fires with no transaction open', () => {
  test('while its alert fires, a drain holds no lock on its event, and another drain takes the newer events, not that one', async () => {
    const { db } = stack.database;
    await queueEvent('m-lease-1', 'globex');
    const gated = gatedAlerts();
    const firing = createEventRuleService({ db, alerts: gated.alerts, log: capturedLogger().log }).drain();
    // Opened whatever happens: a failed assertion must not leave the drain waiting (and the file hanging).
    try {
      await gated.reached;

      // A row lock held across the fire would make this fail at once (lock_not_available).
      const locked = await db.transaction((trx) => trx('event_rule_queue').forUpdate().noWait().select('id', 'event'));
      assert.deepEqual(locked.map((r) => r.event.messageId), ['m-lease-1'], 'the event waits in the queue, unlocked, while its alert fires');
      const open = await db.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`);
      assert.equal(open.rows[0].n, 0, 'a drain waiting on its fire left a transaction open');

      await queueEvent('m-lease-2', 'initech');
      const other = createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log });
      assert.equal(await other.drain(), 1, 'the other drain took one event');
      assert.equal((await alertsOf('initech')).length, 1, 'the newer event fired while the first drain was still firing');
      assert.equal((await alertsOf('globex')).length, 0, 'the other drain took the event leased by the first');
    } finally {
      gated.open();
    }
    assert.equal(await firing, 1);
    assert.deepEqual(await queuedIds(), [], 'both events deleted once matched');
    assert.equal((await alertsOf('globex')).length, 1);
  });

  test('a fire that fails after its alert was made frees the event at once; the next drain fires it again and gets the first answer', async () => {
    const { db } = stack.database;
    await queueEvent('m-fail-1', 'hooli');
    let failures = 0;
    // The alert is made, then the answer is lost (a connection reset on the way back, as Node
    // reports it: an outage, so no attempt is counted and the event is free again at once).
    const losingAnswers: Pick<AlertService, 'fire'> = {
      async fire(...args) {
        await stack.alerts.fire(...args);
        failures++;
        throw Object.assign(new Error('read ECONNRESET (connection reset)'), { code: 'ECONNRESET', syscall: 'read' });
      },
    };
    await assert.rejects(createEventRuleService({ db, alerts: losingAnswers, log: capturedLogger().log }).drain(), /connection reset/);
    assert.equal(failures, 1);
    const row = await db('event_rule_queue').first('lease', 'leased_until');
    assert.deepEqual(row, { lease: null, leased_until: null }, 'the failed drain freed its event for the next, without waiting for its lease');
    assert.equal((await db('event_rule_queue').first('attempts')).attempts, 0, 'a lost connection counted as an attempt');

    assert.equal(await createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log }).drain(), 1, 'the next drain took the event');
    assert.deepEqual(await queuedIds(), []);
    assert.equal((await alertsOf('hooli')).length, 1, 'one alert for the event fired twice');
    assert.equal((await reconfirmationsOf('hooli')).length, 0, 'the second fire was answered as the first, not as a reconfirmation');
  });

  test('a drain that died: its events wait out the lease, then the next drain fires them, once', async () => {
    const { db } = stack.database;
    await queueEvent('m-dead-1', 'umbrella');
    // What a drain that died after its lease leaves: the rows leased, never renewed, freed or deleted.
    const dead = await createEventRuleQueueRepository(db).lease(500, 400);
    assert.deepEqual(dead.rows.map((r) => r.event.messageId), ['m-dead-1']);
    const next = createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log });
    assert.equal(await next.drain(), 0, 'a drain took an event whose lease had not run out');

    await eventually(async () => ((await db.raw('select bool_and(leased_until < now()) as out from event_rule_queue')).rows[0].out ? true : undefined), 'the lease ran out');
    assert.equal(await next.drain(), 1, 'the next drain took the event once its lease ran out');
    assert.deepEqual(await queuedIds(), []);
    assert.equal((await alertsOf('umbrella')).length, 1);
  });

  test('a drain firing for longer than its lease renews it: no other drain takes its events meanwhile', async () => {
    const { db } = stack.database;
    await queueEvent('m-slow-1', 'stark');
    const gated = gatedAlerts();
    const slow = createEventRuleService({ db, alerts: gated.alerts, log: capturedLogger().log, leaseMs: 2_000 }).drain();
    try {
      await gated.reached;
      const first = (await db('event_rule_queue').first('leased_until')).leased_until as Date;
      // Past the first lease's end by the database's clock, so only a renewal keeps the event held.
      await eventually(async () => ((await db.raw('select now() > ? as past', [first])).rows[0].past ? true : undefined), 'the first lease ran out');
      const renewed = (await db('event_rule_queue').first('leased_until')).leased_until as Date;
      assert.ok(renewed > first, `the lease was not renewed (until ${first.toISOString()}, now ${renewed.toISOString()})`);
      assert.equal(await createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log }).drain(), 0, 'another drain took the slow drain\'s event');
    } finally {
      gated.open();
    }
    assert.equal(await slow, 1);
    assert.deepEqual(await queuedIds(), []);
    assert.equal((await alertsOf('stark')).length, 1);
    assert.equal((await reconfirmationsOf('stark')).length, 0, 'the event was fired twice');
  });

  test('a drain fires into several alert workflows side by side, and one account\'s events for a rule one after another, in order', async () => {
    const { db } = stack.database;
    // Two events of wayne (the first must make the alert, the second reconfirm it) and one of tyrell between them.
    await queueEvent('m-lanes-wayne-1', 'wayne');
    await queueEvent('m-lanes-tyrell-1', 'tyrell');
    await queueEvent('m-lanes-wayne-2', 'wayne');
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const asked: string[] = [];
    const holdingWayne: Pick<AlertService, 'fire'> = {
      async fire(input, opts) {
        asked.push(opts!.fireKey!);
        if (opts!.fireKey === 'event:m-lanes-wayne-1') await gate;
        return stack.alerts.fire(input, opts);
      },
    };
    const draining = createEventRuleService({ db, alerts: holdingWayne, log: capturedLogger().log }).drain();
    try {
      await eventually(async () => ((await alertsOf('tyrell')).length === 1 ? true : undefined), "tyrell's alert while wayne's first fire is held");
      assert.deepEqual(asked.filter((k) => k.includes('wayne')), ['event:m-lanes-wayne-1'], "wayne's second event was fired before the first had its answer");
    } finally {
      open();
    }
    assert.equal(await draining, 3);
    assert.deepEqual(asked.filter((k) => k.includes('wayne')), ['event:m-lanes-wayne-1', 'event:m-lanes-wayne-2']);
    const [wayne] = await alertsOf('wayne');
    assert.equal(wayne.evidence.conditions.event.messageId, 'm-lanes-wayne-1', 'the first event made the alert');
    assert.equal((await reconfirmationsOf('wayne')).length, 1, 'the second event reconfirmed it');
  });
});


/** One queued event's row: its attempts, last error, death, and seconds to its retry. */
async function rowOf(messageId: string) {
  const { db } = stack.database;
  return db('event_rule_queue')
    .whereRaw(`event->>'messageId' = ?`, [messageId])
    .first('attempts', 'last_error', 'dead_at', 'lease', db.raw('extract(epoch from retry_at - now())::float8 as retry_in_s'));
}

/** The clock past every waiting event's retry time. */
const retryTimePassed = () => stack.database.db('event_rule_queue').whereNotNull('retry_at').update({ retry_at: stack.database.db.raw(`now() - interval '1 second'`) });
const liveRows = async () => Number((await stack.database.db('event_rule_queue').whereNull('dead_at').count('* as n').first())!.n);
const givenUp = (lines: Array<Record<string, any>>) => lines.filter((l) => String(l.msg).startsWith('event rule queue: an event was given up'));

describe('an event that can never be matched does not hold the queue', () => {
  before(async () => {
    for (const id of ['poison-a', 'poison-p', 'poison-b', 'refused-a', 'refused-p', 'outage-a', 'outage-b']) await stack.directory.putAccount(id, { name: id, ownerId: ORG.csm.id });
  });

  test('a poison event among good ones: the good ones alert and leave the queue; the poison one is retried with backoff, then kept dead and logged once', async () => {
    const { db } = stack.database;
    await queueEvent('m-poison-good-1', 'poison-a');
    await queueEvent('m-poison-bad', 'poison-p');
    await queueEvent('m-poison-good-2', 'poison-b');
    // Every fire for poison-p fails with an error nobody can classify: it may pass, so it is retried.
    const poisoned: Pick<AlertService, 'fire'> = {
      async fire(input, opts) {
        if (input.accountId === 'poison-p') throw new Error('the workflow answered something unexpected');
        return stack.alerts.fire(input, opts);
      },
    };
    const { lines, log } = capturedLogger();
    const service = createEventRuleService({ db, alerts: poisoned, log, retry: { maxAttempts: 3, baseMs: 10 * 60_000, capMs: 60 * 60_000 } });

    assert.equal(await service.drain(), 3, 'the drain took the three events');
    assert.equal((await alertsOf('poison-a')).length, 1, 'the good event before the poison one alerted');
    assert.equal((await alertsOf('poison-b')).length, 1, 'the good event after the poison one alerted');
    assert.deepEqual(await queuedIds(), ['m-poison-bad'], 'the good events were deleted, the poison one kept');
    let row = await rowOf('m-poison-bad');
    assert.deepEqual([row.attempts, row.dead_at, row.lease], [1, null, null], 'one attempt counted, not dead, not leased');
    assert.match(row.last_error, /the workflow answered something unexpected/, 'the failure kept on the row');
    assert.ok(row.retry_in_s > 9 * 60 && row.retry_in_s <= 10 * 60, `the first retry waits the base backoff (10 min), not ${row.retry_in_s} s`);
    assert.equal(await service.drain(), 0, 'the failed event was leased again before its retry time');

    await retryTimePassed();
    assert.equal(await service.drain(), 1, 'the failed event was tried again after its retry time');
    row = await rowOf('m-poison-bad');
    assert.equal(row.attempts, 2, 'the second attempt counted');
    assert.ok(row.retry_in_s > 19 * 60 && row.retry_in_s <= 20 * 60, `the second retry waits twice as long (20 min), not ${row.retry_in_s} s`);

    await retryTimePassed();
    assert.equal(await service.drain(), 1, 'the last attempt');
    row = await rowOf('m-poison-bad');
    assert.equal(row.attempts, 3, 'three attempts in all');
    assert.ok(row.dead_at instanceof Date, 'given up after its last attempt');
    assert.equal(row.retry_in_s, null, 'a dead event waits for no retry');
    await retryTimePassed();
    assert.equal(await service.drain(), 0, 'a dead event was leased again');
    assert.equal(await liveRows(), 0, 'the queue drained');
    assert.equal((await alertsOf('poison-p')).length, 0, 'no alert for the poison event');

    const dead = givenUp(lines);
    assert.equal(dead.length, 1, 'the death logged once');
    assert.deepEqual([dead[0]!.level, dead[0]!.messageId, dead[0]!.accountId, dead[0]!.ruleKey, dead[0]!.attempts, dead[0]!.failure], [50, 'm-poison-bad', 'poison-p', 'pricing_viewed', 3, 'retry'], 'an error line naming the event, its rule and its attempts');
    assert.match(dead[0]!.reason, /the workflow answered something unexpected/, 'the reason logged');
    assert.equal(lines.filter((l) => l.level === 40).length, 2, 'each retried failure a warning');
    await db('event_rule_queue').whereNotNull('dead_at').del();
  });

  test('a refusal no retry can change (the database refuses the alert row) is kept dead at once; the event queued with it alerts', async () => {
    const { db } = stack.database;
    // A real data error on this account's alert: the fire activity fails non-retryable, the workflow
    // ends failed, the fire answers a ValidationError.
    await db.raw(`alter table alerts add constraint test_refused_account check (account_id <> 'refused-p')`);
    try {
      await queueEvent('m-refused-bad', 'refused-p');
      await queueEvent('m-refused-good', 'refused-a');
      const { lines, log } = capturedLogger();
      assert.equal(await createEventRuleService({ db, alerts: stack.alerts, log }).drain(), 2, 'the drain took both events');
      assert.equal((await alertsOf('refused-a')).length, 1, 'the good event alerted');
      assert.equal((await alertsOf('refused-p')).length, 0, 'the refused alert was not written');
      const row = await rowOf('m-refused-bad');
      assert.equal(row.attempts, 1, 'one attempt');
      assert.ok(row.dead_at instanceof Date, 'dead at once, without the retries');
      assert.match(row.last_error, /ValidationError: .*test_refused_account/, "the database's reason kept");
      assert.equal(await liveRows(), 0, 'the queue drained');
      const dead = givenUp(lines);
      assert.deepEqual(dead.map((l) => [l.messageId, l.failure]), [['m-refused-bad', 'permanent']], 'logged once, as permanent');
    } finally {
      await db.raw('alter table alerts drop constraint test_refused_account');
      await db('event_rule_queue').whereNotNull('dead_at').del();
    }
  });

  test('an outage (Temporal unreachable, then PostgreSQL unreachable) keeps the events queued and uses up no attempt; once it ends they alert', async () => {
    const { db } = stack.database;
    await queueEvent('m-outage-1', 'outage-a');
    await queueEvent('m-outage-2', 'outage-b');
    const retry = { maxAttempts: 2, baseMs: 60 * 60_000, capMs: 60 * 60_000 };
    // Temporal away: a client on a port nothing listens on, without the SDK's own retries.
    const temporalAway = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] }) });
    const noTemporal = createAlertService({ db, temporal: temporalAway, taskQueue: stack.taskQueue });
    // PostgreSQL away for the fire (the queue's own database answers).
    const dbAway = createDb(`postgres://postgres@127.0.0.1:${await freePort()}/usage_alerts`, { min: 0, max: 1 });
    const noDatabase = createAlertService({ db: dbAway, temporal: env.client, taskQueue: stack.taskQueue });
    try {
      for (const [what, alerts, failure] of [
        ['Temporal', noTemporal, /Update-With-Start failed|UNAVAILABLE/],
        ['PostgreSQL', noDatabase, /ECONNREFUSED/],
      ] as const) {
        const { lines, log } = capturedLogger();
        const service = createEventRuleService({ db, alerts, log, retry });
        // More drains than the attempts an event has.
        for (let i = 0; i < 3; i++) {
          await assert.rejects(service.drain(), (err: unknown) => {
            assert.match(`${String(err)} ${String((err as Error).cause ?? '')}`, failure, `the drain failed on the ${what} outage`);
            return true;
          });
        }
        const rows = await db('event_rule_queue').orderBy('id').select('attempts', 'dead_at', 'retry_at', 'lease');
        assert.deepEqual(rows, [0, 1].map(() => ({ attempts: 0, dead_at: null, retry_at: null, lease: null })), `with ${what} away the events stay queued, free, with no attempt counted`);
        assert.equal(givenUp(lines).length, 0, `nothing given up during the ${what} outage`);
      }
    } finally {
      await dbAway.destroy();
      await temporalAway.connection.close();
    }
    assert.equal(await createEventRuleService({ db, alerts: stack.alerts, log: capturedLogger().log, retry }).drain(), 2, 'once the outage is over the drain takes both events');
    assert.equal((await alertsOf('outage-a')).length, 1, 'the first event alerted after the outage');
    assert.equal((await alertsOf('outage-b')).length, 1, 'the second event alerted after the outage');
    assert.deepEqual(await queuedIds(), [], 'the queue drained');
  });
});
