// A new alert reads its account and owner once (issue 14): the alert service reads them to route the
// fire (AlertOwner in Temporal's visibility from the start), and the workflow's first step, run by
// the same process's worker, takes those rows over instead of reading them again
// (services/alerts/alertOwner.ts). Handed reads are used once and only while fresh; the email still
// reads the evidence with the account's limits, now taken from the same account read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { alertInput, eventually, newAccount, startStack, type Stack } from '../support/stack.js';
import { createOwnerReads, OWNER_READ_MAX_AGE_MS, type OwnerRead } from '../../services/alerts/alertOwner.js';
import { createRule } from '../../services/rules/rules.js';
import { seatsFullRule } from '../support/rules.js';

describe('createOwnerReads', () => {
  const read = { account: { id: 'a', name: 'A', owner_id: 'o', ae_id: null, segment: null, seat_limit: 5, api_limit: null, storage_limit: null }, members: new Map() } satisfies OwnerRead;

  test('handed reads are taken once, while the start runs, and dropped after it', async () => {
    let now = 1_000;
    const reads = createOwnerReads(() => now);
    const taken = await reads.handing('wf-1', read, async () => {
      now += OWNER_READ_MAX_AGE_MS;
      return [reads.take('wf-1'), reads.take('wf-1'), reads.take('wf-other')];
    });
    assert.equal(taken[0]?.account, read.account, 'the first take gets the account read');
    assert.equal(taken[1], undefined, 'a second take (a retried first step) reads again');
    assert.equal(taken[2], undefined, 'another workflow gets nothing');
    assert.equal(reads.size, 0, 'nothing is kept once the start has answered');
    await reads.handing('wf-2', read, async () => undefined);
    assert.equal(reads.take('wf-2'), undefined, 'a first step running after the start answered reads again');
    assert.equal(reads.size, 0, 'nothing is kept after a start with no first step (a reconfirmation)');
  });

  test('reads older than the limit are not used; a fire that ends first leaves a later fire its reads', async () => {
    let now = 0;
    const reads = createOwnerReads(() => now);
    const late = await reads.handing('wf-1', read, async () => {
      now += OWNER_READ_MAX_AGE_MS + 1;
      return reads.take('wf-1');
    });
    assert.equal(late, undefined, 'a first step running late (a worker backlog) reads again');

    // Two fires of one alert at once: the first to start answers first (a reconfirmation, say).
    const second = { ...read, account: { ...read.account, name: 'second' } };
    let endFirst!: () => void;
    const first = reads.handing('wf-2', read, () => new Promise<void>((r) => (endFirst = r)));
    let taken: OwnerRead | undefined;
    await reads.handing('wf-2', second, async () => {
      endFirst();
      await first;
      taken = reads.take('wf-2');
    });
    assert.equal(taken?.account.name, 'second', "the fire that ended first does not drop the later fire's reads");
    assert.equal(reads.size, 0, 'nothing is left behind');
  });
});

describe('a new alert fired through the service', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  before(async () => {
    env = await devServerEnv();
    stack = await startStack(env);
    await createRule(stack.database.db, seatsFullRule({ key: 'seat_words' }), 'test');
  });
  after(async () => {
    await stack?.close();
    await env?.teardown();
  });

  test('reads the account and its owner once, and its email reads the evidence with the account limits', async () => {
    const accountId = await newAccount(stack); // owned by the CSM, 50 seats
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => void statements.push(q.sql);
    stack.database.db.on('query', onQuery);
    let fired;
    try {
      fired = await stack.alerts.fire(
        alertInput(accountId, { ruleKey: 'seat_words', title: 'Seats nearly full', evidence: { asOf: '2026-11-30', conditions: { seats: { op: '>=', value: 0.9, threshold: 0.8 } } } }),
      );
    } finally {
      stack.database.db.off('query', onQuery);
    }
    assert.equal(fired.outcome, 'created', 'a new alert');
    const reads = (table: string) => statements.filter((s) => new RegExp(`^select .* from "${table}" where "id" = `).test(s)).length;
    assert.equal(reads('accounts'), 1, `the account is read once for the service and the first step: ${statements.join('\n')}`);
    assert.equal(reads('team_members'), 1, `the owner is read once: ${statements.join('\n')}`);
    assert.ok(!statements.some((s) => /^select "seat_limit", "api_limit", "storage_limit" from "accounts"/.test(s)), 'the email takes the limits from the account read');

    const row = await eventually(async () => stack.database.db('notifications').where({ alert_id: fired.alertId, channel: 'email' }).first(), 'the owner email');
    assert.equal(row.recipient_id, 'csm', 'the email goes to the owner the service and the first step routed to');
    assert.ok(row.body_text.includes('90 % of 50 seats in use (45); alerts at 80 %'), `the evidence is read with the account's 50 seats: ${row.body_text}`);
    const alert = await stack.database.db('alerts').where({ id: fired.alertId }).first();
    assert.equal(alert.owner_id, 'csm', 'the recorded owner');
  });
});
