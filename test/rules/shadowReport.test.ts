// GET /rules/:key/shadow-report over real evaluation runs: a shadow rule is evaluated by the run
// activity's own code (evaluateRun, as the evaluationRun workflow calls it) on several days, and the
// report counts its matches per run day and per account and compares them with the alerts active
// rules raised in the period (alert rows written directly: firing them needs Temporal, which this
// report does not touch).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, daysAgo as ago, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { createRule, updateRule } from '../../services/rules/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';
import { createEvaluationActivities } from '../../activities/evaluation/evaluationActivities.js';
import type { AlertService } from '../../services/alerts/alerts.js';

let api: UsageApi;
let leadershipKey: string;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);
const RULE = 'seats_full_trial';

/** An evaluation run of `ruleKeys` as of `asOf`, evaluated and finished by the run activities. */
async function run(asOf: string, ruleKeys: string[] = [RULE], accountIds: string[] | null = null) {
  const db = api.database.db;
  // Runs of shadow rules only: nothing is fired, so the alert service is never called.
  const activities = createEvaluationActivities({ db, alerts: null as unknown as AlertService });
  const [row] = await db('evaluation_runs').insert({ trigger: 'api', requested_by: 'test', as_of: asOf, rule_keys: ruleKeys, account_ids: accountIds }).returning('id');
  await activities.evaluateRun(Number(row.id));
  await activities.finishRun({ runId: Number(row.id) });
}

let alertSeq = 0;
async function alert(accountId: string, ruleKey: string, closedAt: string | null) {
  alertSeq += 1;
  await api.database.db('alerts').insert({
    workflow_id: `alert/${ruleKey}/${accountId}`, workflow_run_id: `run-${alertSeq}`, rule_key: ruleKey, account_id: accountId,
    severity: 'medium', category: 'risk', title: 't', evidence: '{}', payload: '{}', status: closedAt ? 'dismissed' : 'notified',
    fired_at: `${ago(40)}T12:00:00Z`, closed_at: closedAt ? `${closedAt}T12:00:00Z` : null,
  });
}

before(async () => {
  api = await startUsageApi();
  const db = api.database.db;
  leadershipKey = (await createApiKeyService(db).create({ name: 'lee', role: 'leadership' })).key;
  // Seats 9 of 10 every day, except a-late (only on the last run day) and a-roomy (never).
  for (const id of ['a-full', 'a-alerted', 'a-closed-old', 'a-late', 'a-roomy']) {
    await db('accounts').insert({ id, name: `Acct ${id}`, seat_limit: 10 });
    await db('daily_account_metrics').insert(
      [0, 1, 2, 3, 4, 5, 6].map((n) => ({ account_id: id, day: ago(n), seats_used: id === 'a-roomy' || (id === 'a-late' && n > 1) ? 4 : 9 })),
    );
  }
  const definition = {
    key: RULE, name: 'Seats nearly full (trial)', category: 'expansion', status: 'draft',
    condition: { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
    severity: { base: 'medium' }, title: 'Seats nearly full',
    payload: { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' },
  };
  await createRule(db, ruleCreateSchema.parse(definition), 'test');
  await run(ago(5)); // a draft: not evaluated, and not a shadow run day
  await updateRule(db, RULE, { ...ruleCreateSchema.parse({ ...definition, status: 'shadow' }), reason: 'try it quietly' }, 'test');
  await run(ago(4), [RULE], ['a-roomy']); // evaluated, matched nobody
  await run(ago(3));
  await run(ago(2));
  await run(ago(2)); // a second run of the same day counts each account once
  await run(ago(1));
  await run(ago(1), ['some_other_rule']); // did not evaluate the rule

  // Alerts of active rules: open, closed 20 days ago, and one of this rule's own key (from before).
  await alert('a-alerted', 'usage_drop', null);
  await alert('a-closed-old', 'no_login_14_days', ago(20));
  await alert('a-full', RULE, ago(1));
});
after(() => api?.close());

describe('GET /rules/:key/shadow-report', () => {
  test('per run day, per account with first and last day, and the overlap with active rules\' alerts', async () => {
    const res = await call('GET', `/rules/${RULE}/shadow-report?since=${ago(5)}`, undefined, leadershipKey);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.rule, { key: RULE, status: 'shadow', version: 2 });
    assert.equal(res.body.since, ago(5));
    assert.deepEqual(res.body.days, [
      { day: ago(4), accountsMatched: 0 },
      { day: ago(3), accountsMatched: 3 },
      { day: ago(2), accountsMatched: 3 },
      { day: ago(1), accountsMatched: 4 },
    ]);
    assert.deepEqual(res.body.accounts, [
      { accountId: 'a-alerted', name: 'Acct a-alerted', firstDay: ago(3), lastDay: ago(1), daysMatched: 3, alertedByRules: ['usage_drop'] },
      { accountId: 'a-closed-old', name: 'Acct a-closed-old', firstDay: ago(3), lastDay: ago(1), daysMatched: 3, alertedByRules: [] },
      { accountId: 'a-full', name: 'Acct a-full', firstDay: ago(3), lastDay: ago(1), daysMatched: 3, alertedByRules: [] },
      { accountId: 'a-late', name: 'Acct a-late', firstDay: ago(1), lastDay: ago(1), daysMatched: 1, alertedByRules: [] },
    ]);
    assert.deepEqual(res.body.summary, { runDays: 4, accountsMatched: 4, alsoAlertedByActiveRules: 1, onlyThisRule: 3 });
  });

  test('the period follows since: later days only; an alert closed inside a longer period overlaps', async () => {
    const short = await call('GET', `/rules/${RULE}/shadow-report?since=${ago(1)}`);
    assert.deepEqual(short.body.days, [{ day: ago(1), accountsMatched: 4 }]);
    assert.deepEqual(short.body.accounts.map((a: any) => [a.accountId, a.firstDay, a.daysMatched]), [
      ['a-alerted', ago(1), 1], ['a-closed-old', ago(1), 1], ['a-full', ago(1), 1], ['a-late', ago(1), 1],
    ]);
    // Without since: the last 30 days, in which a-closed-old's alert (closed 20 days ago) was open.
    const long = await call('GET', `/rules/${RULE}/shadow-report`);
    assert.equal(long.body.since, ago(30));
    assert.deepEqual(long.body.accounts.find((a: any) => a.accountId === 'a-closed-old').alertedByRules, ['no_login_14_days']);
    assert.deepEqual(long.body.summary, { runDays: 4, accountsMatched: 4, alsoAlertedByActiveRules: 2, onlyThisRule: 2 });
  });

  test('404 for an unknown rule; 400 naming since for a bad or future date', async () => {
    const unknown = await call('GET', '/rules/no_such_rule/shadow-report');
    assert.deepEqual([unknown.status, unknown.body.error], [404, 'not_found']);
    for (const since of ['2026-13-01', 'last-week', ago(-1)]) {
      const bad = await call('GET', `/rules/${RULE}/shadow-report?since=${since}`);
      assert.equal(bad.status, 400, since);
      assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path), ['query.since'], since);
    }
    assert.equal((await call('GET', `/rules/${RULE}/shadow-report`, undefined, null)).status, 401);
  });
});
