// Trigger effectiveness over hand-built closed alerts (minimum of 4 closed alerts, set for this API):
// a rule that never converts → retire; one that converts on every alert → loosen, with the accounts
// a dry run of the loosened threshold adds; one dismissed mostly as false positives → tighten to the
// threshold that keeps the useful ones (from the alerts' evidence); too few closed alerts → keep.
// A recommendation becomes a proposed version only through the draft call, and is not applied.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { apiClient } from '../support/http.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { daysAgo } from '../support/usageApi.js';
import { insertAccounts, insertAlert, insertTeam } from '../support/reportData.js';
import { buildApi } from '../../api/server.js';
import { compose } from '../../runtime/composition.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { createRule } from '../../services/rules/rules.js';
import { ruleCreateSchema } from '../../domain/rules/schema.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
let database: TestDatabase;
let app: FastifyInstance;
let base = '';
let leadershipKey: string;
const call = apiClient(() => base, ADMIN_KEY);
const payload = { what: 'w', significance: 's', affected: 'a', action: 'x', dueBy: 'd' };

async function rule(key: string, category: string, op: string, value: number) {
  await createRule(database.db, ruleCreateSchema.parse({
    key, name: key, category, status: 'active', severity: { base: 'medium' }, title: key, payload,
    condition: { all: [{ kind: 'threshold', name: 'seats', measure: 'seatUtilization', op, value }, { kind: 'threshold', measure: 'seatLimit', op: '>', value: 0 }] },
  }), 'test');
}

/** Closed alerts of a rule: [outcome or 'fp' / 'not_relevant', evidence value of the seats leaf]. */
async function closed(key: string, category: string, alerts: Array<[string, number]>) {
  let n = 0;
  for (const [what, value] of alerts) {
    n += 1;
    const fired = `${daysAgo(30 + n)}T10:00:00Z`;
    const dismissal = what === 'fp' ? 'false_positive' : what === 'not_relevant' ? 'not_relevant' : null;
    await insertAlert(database.db, {
      rule: key, category, account: 'acc', owner: 'csm', firedAt: fired, notifiedAt: fired, closedAt: `${daysAgo(29 + n)}T10:00:00Z`,
      outcome: dismissal ? null : what, valueCents: what === 'expansion_won' ? 10_000 : null, dismissReason: dismissal,
      evidence: { asOf: daysAgo(30 + n), conditions: { seats: { value, op: '>=', threshold: 0.5 } } },
    });
  }
}

before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await createApiKeyService(db).ensureAdminKey(ADMIN_KEY);
  leadershipKey = (await createApiKeyService(db).create({ name: 'lee', role: 'leadership' })).key;
  app = await buildApi(compose({ db, temporal: new Client(), taskQueue: 'effectiveness-test', actionSecret: 'test-action-secret-0123456789', effectiveness: { minClosed: 4 } }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  await insertTeam(db, [{ id: 'csm', role: 'csm' }]);
  // For the dry run of a loosened seats_full: seat utilization yesterday 0.9, 0.75, 0.7 and 0.5.
  const seats: Array<[string, number, number]> = [['acc', 1, 10], ['x_full', 9, 10], ['x_near', 6, 8], ['x_seventy', 7, 10], ['x_half', 5, 10]];
  await insertAccounts(db, seats.map(([id, , limit]) => ({ id, owner: 'csm', seatLimit: limit })));
  await db('daily_account_metrics').insert(seats.map(([id, used]) => ({ account_id: id, day: daysAgo(1), seats_used: used })));

  await rule('never_converts', 'risk', '<=', 0.2);
  await closed('never_converts', 'risk', [['no_action_needed', 0.1], ['not_relevant', 0.15], ['fp', 0.2], ['no_action_needed', 0.05], ['other', 0.1]]);
  await rule('seats_full', 'expansion', '>=', 0.8);
  await closed('seats_full', 'expansion', [['expansion_won', 0.9], ['expansion_won', 0.85], ['expansion_won', 0.95], ['expansion_won', 0.8]]);
  await rule('noisy', 'expansion', '>=', 0.5);
  await closed('noisy', 'expansion', [['expansion_won', 0.85], ['fp', 0.55], ['expansion_won', 0.9], ['fp', 0.6], ['fp', 0.65], ['fp', 0.7]]);
  await rule('young', 'expansion', '>=', 0.5);
  await closed('young', 'expansion', [['fp', 0.6], ['fp', 0.55], ['expansion_won', 0.9]]);
});

after(async () => {
  await app?.close();
  await database?.drop();
});

describe('GET /rules/:key/effectiveness', () => {
  test('a rule that never converts: retire', async () => {
    const res = await call('GET', '/rules/never_converts/effectiveness', undefined, leadershipKey);
    assert.equal(res.status, 200);
    assert.equal(res.body.recommendation, 'retire');
    const e = res.body.evidence;
    assert.deepEqual([e.closed, e.converted, e.conversionRate, e.falsePositives], [5, 0, 0, 1]);
    assert.equal(e.reason, 'none of 5 closed alerts converted');
  });

  test('a rule that converts on every alert: loosen, with the accounts the loosened threshold adds', async () => {
    const res = await call('GET', '/rules/seats_full/effectiveness', undefined, leadershipKey);
    assert.equal(res.body.recommendation, 'loosen');
    const e = res.body.evidence;
    assert.deepEqual([e.closed, e.converted, e.conversionRate, e.revenueAttributedCents], [4, 4, 1, 40_000]);
    // 0.8 loosened by 10 % is 0.72: x_near (0.75) joins x_full (0.9); x_seventy (0.7) and x_half do not.
    assert.deepEqual(e.threshold, { leaf: 'seats', op: '>=', current: 0.8, suggested: { op: '>=', value: 0.72 } });
    assert.deepEqual(e.dryRun, { asOf: daysAgo(1), currentMatches: 1, loosenedMatches: 2, extraAccountCount: 1, extraAccounts: ['x_near'] });
  });

  test('a rule dismissed mostly as false positives: tighten to the threshold that keeps the useful alerts', async () => {
    const res = await call('GET', '/rules/noisy/effectiveness', undefined, leadershipKey);
    assert.equal(res.body.recommendation, 'tighten');
    // Won at 0.85 and 0.9; false positives at 0.55–0.7: from 0.5 to 0.85 keeps both wins and drops all four.
    assert.deepEqual(res.body.evidence.threshold, { leaf: 'seats', op: '>=', current: 0.5, suggested: { op: '>=', value: 0.85, keepsUseful: 2, dropsFalsePositives: 4 } });
    assert.equal(res.body.evidence.falsePositiveRate, 0.6667);
  });

  test('too few closed alerts: keep, saying why; unknown rules are 404; CSM keys are refused', async () => {
    const res = await call('GET', '/rules/young/effectiveness', undefined, leadershipKey);
    assert.equal(res.body.recommendation, 'keep');
    assert.equal(res.body.evidence.reason, 'not enough closed alerts to judge (3 of at least 4)');
    assert.equal((await call('GET', '/rules/nope/effectiveness')).status, 404);
    const csmKey = (await createApiKeyService(database.db).create({ name: 'c', role: 'csm' })).key;
    assert.equal((await call('GET', '/rules/seats_full/effectiveness', undefined, csmKey)).status, 403);
  });
});

describe('GET /reports/rule-effectiveness', () => {
  test('every active rule\'s recommendation in one table, JSON and CSV', async () => {
    const res = await call('GET', '/reports/rule-effectiveness', undefined, leadershipKey);
    assert.deepEqual(res.body.items.map((i: any) => [i.ruleKey, i.recommendation, i.threshold, i.suggestedThreshold]), [
      ['never_converts', 'retire', 0.2, null],
      ['noisy', 'tighten', 0.5, 0.85],
      ['seats_full', 'loosen', 0.8, 0.72],
      ['young', 'keep', 0.5, null],
    ]);
    const csv = await fetch(`${base}/reports/rule-effectiveness?format=csv`, { headers: { authorization: `Bearer ${leadershipKey}` } });
    assert.match(await csv.text(), /^ruleKey,recommendation,reason,closed,converted,conversionRate,falsePositiveRate,revenueAttributedCents,threshold,suggestedThreshold\n/);
  });
});

describe('POST /rules/:key/effectiveness/draft', () => {
  test('a loosen recommendation becomes a proposed draft version; the live version is untouched until applied', async () => {
    const res = await call('POST', '/rules/seats_full/effectiveness/draft');
    assert.equal(res.status, 201);
    assert.equal(res.body.recommendation, 'loosen');
    assert.equal(res.body.version, 2);
    assert.equal(res.body.definition.status, 'draft');
    assert.deepEqual(res.body.definition.condition.all[0], { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.72 });
    assert.match(res.body.reason, /not applied/);
    const live = (await call('GET', '/rules/seats_full')).body;
    assert.deepEqual([live.version, live.status, live.condition.all[0].value], [1, 'active', 0.8]);
    const versions = (await call('GET', '/rules/seats_full/versions')).body.items.map((v: any) => v.version);
    assert.deepEqual(versions, [2, 1]);

    // Applying it is an ordinary change: the next version after the proposal, and now current.
    const { definition } = res.body;
    const applied = await call('PUT', '/rules/seats_full', { ...definition, status: 'active', reason: 'apply the loosening' });
    assert.equal(applied.status, 200);
    assert.equal(applied.body.version, 3);
    assert.equal((await call('GET', '/rules/seats_full')).body.condition.all[0].value, 0.72);
  });

  test('retire and tighten drafts; keep has nothing to draft; leadership may not draft', async () => {
    const retire = await call('POST', '/rules/never_converts/effectiveness/draft');
    assert.equal(retire.body.definition.status, 'retired');
    assert.equal((await call('GET', '/rules/never_converts')).body.status, 'active');
    const tighten = await call('POST', '/rules/noisy/effectiveness/draft');
    assert.equal(tighten.body.definition.condition.all[0].value, 0.85);
    const keep = await call('POST', '/rules/young/effectiveness/draft');
    assert.equal(keep.status, 409);
    assert.equal(keep.body.message, 'nothing to draft: the recommendation for "young" is keep');
    assert.equal((await call('POST', '/rules/noisy/effectiveness/draft', undefined, leadershipKey)).status, 403);
  });
});
