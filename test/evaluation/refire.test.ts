// Re-firing only when worse, where matches become alerts: an evaluation run records a match of a
// rule with a refire policy as 'not_worse' (never fired) when the pair's last alert is closed and
// the evidence value is not worse by the margin; worse, expired, a new episode (a completed run in
// between saw the condition clear) or an open alert go through as before.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createEvaluationActivities } from '../../activities/evaluation/evaluationActivities.js';
import type { AlertService } from '../../services/alerts/alerts.js';
import { createRule } from '../../services/rules/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';
import { refireDecision } from '../../domain/rules/refire.js';

const AS_OF = '2026-06-30';
const ago = (n: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const RULE = 'drop_refire';
let tdb: TestDatabase;

// Every account: 10 active users a day for 8 weeks, then `recent` a day for the last 2 weeks.
async function account(id: string, recent: number) {
  await tdb.db('accounts').insert({ id, name: `Acct ${id}` });
  const rows = [];
  for (let n = 69; n >= 0; n--) rows.push({ account_id: id, day: ago(n), active_users: n < 14 ? recent : 10 });
  await tdb.db('daily_account_metrics').insert(rows);
}

let seq = 0;
/** A past alert of the rule for the account, with the change it fired at. */
async function pastAlert(accountId: string, daysAgo: number, change: number, closed = true) {
  seq += 1;
  await tdb.db('alerts').insert({
    workflow_id: `alert/${RULE}/${accountId}`, workflow_run_id: `run-${seq}`, rule_key: RULE, account_id: accountId,
    severity: 'medium', category: 'risk', title: 't', payload: '{}', status: closed ? 'dismissed' : 'notified',
    evidence: JSON.stringify({ asOf: ago(daysAgo), conditions: { drop: { change } } }),
    fired_at: `${ago(daysAgo)}T12:00:00Z`, closed_at: closed ? `${ago(daysAgo - 1)}T12:00:00Z` : null,
  });
}

async function run(asOf: string, accounts?: string[]) {
  // evaluateRun records matches and never fires, so no alert service is needed.
  const activities = createEvaluationActivities({ db: tdb.db, alerts: null as unknown as AlertService });
  const [row] = await tdb.db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: asOf, account_ids: accounts ?? null }).returning('id');
  await activities.evaluateRun(Number(row.id));
  await activities.finishRun({ runId: Number(row.id) });
  return Number(row.id);
}

before(async () => {
  tdb = await createTestDatabase();
  await createRule(tdb.db, ruleCreateSchema.parse({
    key: RULE, name: 'Usage drop', category: 'risk', status: 'active',
    condition: { kind: 'trend', name: 'drop', metric: 'activeUsers', recentDays: 14, baselineDays: 56, change: -0.3 },
    severity: { base: 'medium' }, title: 'Usage dropped', cooldown: '14d',
    payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
    refire: { value: 'drop.change', worse: 'lower', by: 0.1 },
  }), 'test');
});
after(async () => tdb?.drop());

describe('refire only when worse', () => {
  test('a closed pair fires again only when the change is worse by the margin; first, open, expired and new episodes go through', async () => {
    await account('same', 5); // −50 %, alerted at −45 %: not worse by 0.1
    await pastAlert('same', 30, -0.45);
    await account('worse', 3); // −70 %, alerted at −45 %
    await pastAlert('worse', 30, -0.45);
    await account('first', 5); // never alerted
    await account('open', 5); // its alert is still open: the alert workflow reconfirms it
    await pastAlert('open', 30, -0.45, false);
    await account('expired', 5); // alerted 200 days ago: past withinDays (180)
    await pastAlert('expired', 200, -0.45);
    const runId = await run(AS_OF);
    const outcomes = Object.fromEntries(
      (await tdb.db('evaluation_matches').where({ run_id: runId }).select('account_id', 'outcome', 'alert')).map((m) => [m.account_id, [m.outcome, m.alert.evidence.refire?.why ?? null]]),
    );
    assert.deepEqual(outcomes, {
      same: ['not_worse', 'not worse'],
      worse: [null, 'worse'],
      first: [null, 'first'],
      open: [null, null],
      expired: [null, 'expired'],
    });
    // Nothing left to fire for the held-back match.
    assert.equal(Number((await tdb.db('evaluation_matches').where({ run_id: runId, account_id: 'same' }).whereNull('outcome').count('* as n').first())!.n), 0);
  });

  test('a completed run since the last alert that did not match the pair makes a new match a new episode', async () => {
    await account('episode', 5);
    await pastAlert('episode', 30, -0.45);
    // A run 10 days ago over this account alone found no match (its metrics then were not low):
    // the condition had let go.
    await tdb.db('evaluation_runs').insert({ trigger: 'schedule', requested_by: 'schedule', as_of: ago(10), status: 'completed', account_ids: ['episode'] });
    const runId = await run(AS_OF, ['episode']);
    const m = await tdb.db('evaluation_matches').where({ run_id: runId, account_id: 'episode' }).first('outcome', 'alert');
    assert.deepEqual([m.outcome, m.alert.evidence.refire.why], [null, 'new episode']);
  });

  test('the decision itself (pure): higher/lower, margin inclusive, missing values fire', () => {
    const policy = { value: 'seats.value', worse: 'higher' as const, by: 0.05, withinDays: 90 };
    const prev = (v: unknown) => ({ asOf: '2026-06-01', conditions: { seats: { value: v } }, letGo: false });
    assert.equal(refireDecision(policy, prev(0.9), { seats: { value: 0.94 } }, AS_OF).fire, false);
    assert.equal(refireDecision(policy, prev(0.9), { seats: { value: 0.95 } }, AS_OF).fire, true);
    assert.equal(refireDecision(policy, prev(0.9), { seats: { value: 0.5 } }, AS_OF).fire, false);
    assert.deepEqual(refireDecision(policy, prev('n/a'), { seats: { value: 0.5 } }, AS_OF), { fire: true, why: 'no value' });
    assert.throws(() => ruleCreateSchema.parse({
      key: 'bad', name: 'b', category: 'risk', condition: { kind: 'renewal', name: 'renewal', withinDays: 7 },
      severity: { base: 'low' }, title: 't', payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
      refire: { value: 'drop.change', worse: 'lower', by: 0.1 },
    }), /names no leaf/);
  });
});
