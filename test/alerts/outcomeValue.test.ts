// Recording an alert's outcome without a number the CSM does not have, on the Temporal dev server
// with a running worker: churn_prevented and renewal_secured default to the account's ARR at the time
// the alert fired (from the fact history, not today's ARR), marked as defaulted in the alert and its
// timeline; the value is corrected by PATCH or by recording the outcome again; expansion_won still
// needs its amount, and an account without a known ARR asks for one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { apiClient } from '../support/http.js';
import { ACTION_SECRET, alertInput, ORG, type Stack, startApiStack } from '../support/stack.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: FastifyInstance;
let close: (() => Promise<void>) | undefined;
let base: string;

before(async () => {
  ({ env, stack, api, base, close } = await startApiStack(ADMIN_KEY));
});
after(async () => {
  await close?.();
});

const call = apiClient(() => base, ADMIN_KEY);

async function fire(accountId: string, ruleKey = 'usage_drop'): Promise<number> {
  const res = await call('POST', '/alerts', alertInput(accountId, { ruleKey }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}
const alert = async (id: number) => (await call('GET', `/alerts/${id}`)).body;

describe('outcome values', () => {
  test("churn_prevented without valueCents records the ARR at the time of the alert, marked defaulted", async () => {
    assert.equal((await call('PUT', '/accounts/saved-co', { name: 'Saved Co', ownerId: ORG.csm.id, arrCents: 6_000_000 })).status, 200);
    const id = await fire('saved-co');
    // The account's ARR goes up after the alert fired: the value saved is the ARR the alert was about.
    assert.equal((await call('PUT', '/accounts/saved-co', { name: 'Saved Co', arrCents: 9_000_000 })).status, 200);

    const res = await call('POST', `/alerts/${id}/outcome`, { outcome: 'churn_prevented', note: 'exec sponsor re-engaged' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'resolved');
    const a = await alert(id);
    assert.deepEqual([a.outcome, a.outcomeValueCents, a.outcomeValueDefaulted], ['churn_prevented', 6_000_000, true]);
    const recorded = a.timeline.find((e: any) => e.type === 'outcome_recorded');
    assert.deepEqual(recorded.data, { outcome: 'churn_prevented', valueCents: 6_000_000, valueDefaulted: true, note: 'exec sponsor re-engaged' });

    // Corrected by PATCH: the value becomes an entered one, and the timeline says from → to.
    const patched = await call('PATCH', `/alerts/${id}/outcome`, { valueCents: 4_500_000, note: 'only the core plan was at risk' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([patched.body.outcomeValueCents, patched.body.outcomeValueDefaulted, patched.body.status], [4_500_000, false, 'resolved']);
    const changed = patched.body.timeline.find((e: any) => e.type === 'outcome_changed');
    assert.deepEqual(changed.data, {
      from: { outcome: 'churn_prevented', valueCents: 6_000_000, valueDefaulted: true },
      to: { outcome: 'churn_prevented', valueCents: 4_500_000, valueDefaulted: false },
      note: 'only the core plan was at risk',
    });

    // Recording the outcome again corrects it too; a new outcome without a value is valued afresh.
    const again = await call('POST', `/alerts/${id}/outcome`, { outcome: 'renewal_secured' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const b = await alert(id);
    assert.deepEqual([b.outcome, b.outcomeValueCents, b.outcomeValueDefaulted], ['renewal_secured', 6_000_000, true]);
    assert.equal(b.timeline.filter((e: any) => e.type === 'outcome_changed').length, 2);
    // expansion_won still needs its amount, also as a correction.
    const noAmount = await call('PATCH', `/alerts/${id}/outcome`, { outcome: 'expansion_won' });
    assert.deepEqual([noAmount.status, noAmount.body.issues?.[0]?.path], [400, 'valueCents']);
  });

  test('expansion_won without valueCents is still a 400; without a known ARR churn_prevented asks for the value', async () => {
    assert.equal((await call('PUT', '/accounts/unknown-arr', { name: 'No ARR', ownerId: ORG.csm.id })).status, 200);
    const id = await fire('unknown-arr');
    const won = await call('POST', `/alerts/${id}/outcome`, { outcome: 'expansion_won' });
    assert.deepEqual([won.status, won.body.issues[0].path], [400, 'valueCents']);
    const saved = await call('POST', `/alerts/${id}/outcome`, { outcome: 'churn_prevented' });
    assert.equal(saved.status, 400);
    assert.deepEqual(saved.body.issues, [{ path: 'valueCents', message: "is required: the account's ARR when the alert fired is not known" }]);
    // Nothing recorded: the alert is still open, and a PATCH has no outcome to change.
    const a = await alert(id);
    assert.notEqual(a.status, 'resolved');
    assert.equal(a.outcome, null);
    assert.equal((await call('PATCH', `/alerts/${id}/outcome`, { valueCents: 1 })).status, 409);
    const entered = await call('POST', `/alerts/${id}/outcome`, { outcome: 'churn_prevented', valueCents: 250_000 });
    assert.equal(entered.status, 200);
    const b = await alert(id);
    assert.deepEqual([b.outcomeValueCents, b.outcomeValueDefaulted], [250_000, false]);
  });
});
