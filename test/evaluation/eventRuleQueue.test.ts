// Real-time event rules are handed over durably: the events they may match are queued in the ingest
// transaction, so an API that dies right after its commit (before its own drain) loses nothing: the
// worker's drain fires the alert, once, and a drain repeated after a crash fires nothing twice.
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
