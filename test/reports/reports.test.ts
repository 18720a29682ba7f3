// The four leadership reports over hand-built history (October 2026: 22 working days): eight alerts
// with known times and outcomes, their timeline entries, account outcomes and daily health scores.
// Every expected figure is worked out by hand in the comments next to it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import { ADMIN_KEY, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { insertAccounts, insertAlert, insertOutcome, insertTeam } from '../support/reportData.js';

let api: UsageApi;
let leadershipKey: string;
let csmKey: string;
let managerKey: string;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);
const OCT = 'from=2026-10-01&to=2026-10-31';
const items = (body: any) => Object.fromEntries(body.items.map((i: any) => [i.group, i]));

before(async () => {
  api = await startUsageApi();
  const db = api.database.db;
  leadershipKey = (await createApiKeyService(db).create({ name: 'lee', role: 'leadership' })).key;
  csmKey = (await createApiKeyService(db).create({ name: 'cleo', role: 'csm' })).key;
  managerKey = (await createApiKeyService(db).create({ name: 'max', role: 'manager' })).key;
  await insertTeam(db, [
    { id: 'mgrA', role: 'manager' },
    { id: 'mgrB', role: 'manager' },
    { id: 'csm1', role: 'csm', managerId: 'mgrA' },
    { id: 'csm2', role: 'csm', managerId: 'mgrA' },
    { id: 'csm3', role: 'csm', managerId: 'mgrB' },
  ]);
  await insertAccounts(db, [
    { id: 'acc1', owner: 'csm1', segment: 'smb', arrCents: 100_000 },
    { id: 'acc2', owner: 'csm2', segment: 'smb', arrCents: 200_000 },
    { id: 'acc3', owner: 'csm3', segment: 'enterprise', arrCents: 500_000 },
    { id: 'acc4', owner: 'csm1', segment: 'enterprise', arrCents: 300_000 },
    { id: 'acc5', owner: 'csm3', segment: 'smb', arrCents: 80_000 },
    { id: 'acc6', owner: 'csm2', segment: 'enterprise', arrCents: 120_000 },
  ]);
  const exp = { rule: 'seats_full', category: 'expansion' };
  const drop = { rule: 'usage_drop', category: 'risk' };
  // A1: acknowledged after 2 h, won 48 h after notification.
  await insertAlert(db, { ...exp, account: 'acc1', owner: 'csm1', severity: 'high', firedAt: '2026-10-05T09:00Z', notifiedAt: '2026-10-05T09:00Z', acknowledgedAt: '2026-10-05T11:00Z', closedAt: '2026-10-07T09:00Z', outcome: 'expansion_won', valueCents: 50_000 });
  // A2: acknowledged after 72 h (medium SLA 7 d: within), dismissed as a false positive at 96 h.
  await insertAlert(db, { ...exp, account: 'acc2', owner: 'csm2', severity: 'medium', firedAt: '2026-10-06T10:00Z', notifiedAt: '2026-10-06T10:00Z', acknowledgedAt: '2026-10-09T10:00Z', closedAt: '2026-10-10T10:00Z', dismissReason: 'false_positive' });
  // A3: acknowledged after 72 h (high SLA 48 h: late), escalated once, churn prevented after 432 h.
  await insertAlert(db, { ...drop, account: 'acc3', owner: 'csm3', severity: 'high', firedAt: '2026-10-02T08:00Z', notifiedAt: '2026-10-02T08:00Z', acknowledgedAt: '2026-10-05T08:00Z', closedAt: '2026-10-20T08:00Z', outcome: 'churn_prevented', valueCents: 500_000, escalationLevel: 1 });
  // A4: suppressed, then notified, never acknowledged, escalated twice, reconfirmed twice, expired.
  await insertAlert(db, { ...drop, account: 'acc4', owner: 'csm1', severity: 'critical', firedAt: '2026-10-12T00:00Z', notifiedAt: '2026-10-12T06:00Z', closedAt: '2026-10-26T00:00Z', status: 'expired', escalationLevel: 2,
    events: [['suppressed', '2026-10-12T00:00Z'], ['reconfirmed', '2026-10-13T00:00Z'], ['reconfirmed', '2026-10-14T00:00Z']] });
  // A5: fired in September, still open; reconfirmed once in the period and once before it.
  await insertAlert(db, { ...drop, account: 'acc2', owner: 'csm2', severity: 'high', firedAt: '2026-09-20T10:00Z', notifiedAt: '2026-09-20T10:00Z', acknowledgedAt: '2026-09-21T10:00Z',
    events: [['reconfirmed', '2026-09-25T10:00Z'], ['reconfirmed', '2026-10-03T10:00Z']] });
  // A6: fired at the end of October, not notified yet.
  await insertAlert(db, { ...drop, account: 'acc1', owner: 'csm1', severity: 'medium', firedAt: '2026-10-30T12:00Z' });
  // A7: fired in August on acc5, which churned on Oct 25 (66 days later: an early warning).
  await insertAlert(db, { ...drop, account: 'acc5', owner: 'csm3', severity: 'high', firedAt: '2026-08-20T10:00Z', notifiedAt: '2026-08-20T10:00Z', acknowledgedAt: '2026-08-21T10:00Z', closedAt: '2026-10-25T10:00Z', outcome: 'customer_churned', valueCents: 80_000 });
  // A8: a low alert on acc6 18 days before its churn (too late to count for recall).
  await insertAlert(db, { rule: 'no_login', category: 'risk', account: 'acc6', owner: 'csm2', severity: 'low', firedAt: '2026-10-10T10:00Z', notifiedAt: '2026-10-10T10:00Z' });

  await insertOutcome(db, { account: 'acc1', type: 'expanded', on: '2026-10-20', arrCents: 50_000 }); // 15 days after A1
  await insertOutcome(db, { account: 'acc4', type: 'contracted', on: '2026-11-15', arrCents: 100_000 }); // 34 days after A4
  await insertOutcome(db, { account: 'acc5', type: 'churned', on: '2026-10-25', arrCents: 80_000 });
  await insertOutcome(db, { account: 'acc6', type: 'churned', on: '2026-10-28', arrCents: 120_000 });

  await db('daily_account_metrics').insert([
    { account_id: 'acc1', day: '2026-10-30', health_score: 85 },
    { account_id: 'acc1', day: '2026-10-31', health_score: 65 },
    { account_id: 'acc2', day: '2026-10-30', health_score: 45 },
    { account_id: 'acc3', day: '2026-10-30', health_score: 30 },
    { account_id: 'acc3', day: '2026-10-31', health_score: 30 },
  ]);
});

after(async () => {
  await api?.close();
});

describe('GET /reports/volume', () => {
  test('fired, suppressed, deduplicated, expired and alerts per CSM per working day, by rule', async () => {
    const res = await call('GET', `/reports/volume?${OCT}&groupBy=rule`, undefined, leadershipKey);
    assert.equal(res.status, 200);
    const by = items(res.body);
    assert.deepEqual(Object.keys(by).sort(), ['no_login', 'seats_full', 'usage_drop']);
    // seats_full: A1, A2 by csm1 and csm2: 2 / 2 CSMs / 22 days = 0.045.
    assert.deepEqual(by.seats_full, { group: 'seats_full', fired: 2, suppressed: 0, deduplicated: 0, expired: 0, csms: 2, workingDays: 22, alertsPerCsmPerWorkingDay: 0.045 });
    // usage_drop: fired A3, A4, A6 (A5 and A7 before October); A4 suppressed and expired; A4's two
    // reconfirmations and A5's October one; CSMs csm3 and csm1: 3 / 2 / 22 = 0.068.
    assert.deepEqual(by.usage_drop, { group: 'usage_drop', fired: 3, suppressed: 1, deduplicated: 3, expired: 1, csms: 2, workingDays: 22, alertsPerCsmPerWorkingDay: 0.068 });
    assert.equal(by.no_login.fired, 1);
  });

  test('by team (the owner\'s manager)', async () => {
    const by = items((await call('GET', `/reports/volume?${OCT}&groupBy=team`, undefined, leadershipKey)).body);
    // mgrA: csm1 (A1, A4, A6) + csm2 (A2, A8) = 5 fired by 2 CSMs; mgrB: csm3 (A3) = 1.
    assert.equal(by.mgrA.fired, 5);
    assert.equal(by.mgrA.csms, 2);
    assert.equal(by.mgrA.deduplicated, 3); // A4 ×2 (csm1), A5 ×1 (csm2)
    assert.equal(by.mgrB.fired, 1);
  });

  test('CSV through ?format=csv and through Accept: text/csv', async () => {
    const res = await fetch(`${api.baseUrl}/reports/volume?${OCT}&groupBy=rule&format=csv`, { headers: { authorization: `Bearer ${leadershipKey}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    const rows = parseCsv(await res.text(), { columns: true }) as Array<Record<string, string>>;
    const drop = rows.find((r) => r.group === 'usage_drop')!;
    assert.equal(drop.fired, '3');
    assert.equal(drop.alertsPerCsmPerWorkingDay, '0.068');
    const viaAccept = await fetch(`${api.baseUrl}/reports/volume?${OCT}`, { headers: { authorization: `Bearer ${leadershipKey}`, accept: 'text/csv' } });
    const all = parseCsv(await viaAccept.text(), { columns: true }) as Array<Record<string, string>>;
    assert.equal(all.length, 1);
    assert.equal(all[0]!.fired, '6'); // A1, A2, A3, A4, A6, A8
  });

  test('leadership, managers and admin read reports; a CSM key does not; bad periods are named', async () => {
    assert.equal((await call('GET', `/reports/volume?${OCT}`, undefined, csmKey)).status, 403);
    assert.equal((await call('GET', `/reports/volume?${OCT}`, undefined, managerKey)).status, 200, 'managers read the dashboard\'s reports');
    assert.equal((await call('GET', `/reports/volume?${OCT}`)).status, 200);
    const bad = await call('GET', '/reports/volume?from=2026-10-31&to=2026-10-01', undefined, leadershipKey);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues, [{ path: 'query.to', message: 'must not be before from' }]);
    const badGroup = await call('GET', `/reports/volume?${OCT}&groupBy=planet`, undefined, leadershipKey);
    assert.equal(badGroup.status, 400);
    assert.equal(badGroup.body.issues[0].path, 'query.groupBy');
  });
});

describe('GET /reports/response', () => {
  test('times from notification, unacknowledged counted but not averaged, SLA share, escalations', async () => {
    const by = items((await call('GET', `/reports/response?${OCT}&groupBy=rule`, undefined, leadershipKey)).body);
    // seats_full: A1 (ack 2 h, closed 48 h), A2 (ack 72 h, closed 96 h); both within SLA. The 90th
    // percentile interpolates between the two: 2 + 0.9 × (72 − 2) = 65 h to acknowledge,
    // 48 + 0.9 × (96 − 48) = 91.2 h to close.
    assert.deepEqual(by.seats_full, {
      group: 'seats_full', notified: 2, acknowledged: 2, unacknowledged: 0,
      meanHoursToAcknowledge: 37, medianHoursToAcknowledge: 37, p90HoursToAcknowledge: 65, closed: 2, meanHoursToClose: 72, medianHoursToClose: 72, p90HoursToClose: 91.2,
      withSla: 2, acknowledgedWithinSla: 2, shareAcknowledgedWithinSla: 1, escalated: 0, escalations: 0,
    });
    // usage_drop: A3 (ack 72 h > 48 h SLA, closed 432 h) and A4 (never acknowledged, expired: not a
    // worked close); A5 was notified in September, A6 not at all.
    assert.deepEqual(by.usage_drop, {
      group: 'usage_drop', notified: 2, acknowledged: 1, unacknowledged: 1,
      meanHoursToAcknowledge: 72, medianHoursToAcknowledge: 72, p90HoursToAcknowledge: 72, closed: 1, meanHoursToClose: 432, medianHoursToClose: 432, p90HoursToClose: 432,
      withSla: 2, acknowledgedWithinSla: 0, shareAcknowledgedWithinSla: 0, escalated: 2, escalations: 3,
    });
    // no_login: a low alert has no SLA.
    assert.equal(by.no_login.withSla, 0);
    assert.equal(by.no_login.shareAcknowledgedWithinSla, null);
    assert.equal(by.no_login.meanHoursToAcknowledge, null);
  });
});

describe('GET /reports/effectiveness', () => {
  test('outcomes, conversion, revenue, precision (recorded and against account outcomes) and recall, by rule', async () => {
    const by = items((await call('GET', `/reports/effectiveness?${OCT}&groupBy=rule`, undefined, leadershipKey)).body);
    // seats_full: A1 won 50,000 (acc1 expanded 15 days later: confirmed), A2 a false positive.
    assert.deepEqual(by.seats_full, {
      group: 'seats_full', fired: 2, closed: 2, expired: 0, outcomes: { expansion_won: 1, dismissed_false_positive: 1 },
      converted: 1, conversionRate: 0.5, savedVsChurned: null, revenueAttributedCents: 50_000, wonCents: 50_000, savedCents: 0,
      useful: 1, precision: 0.5, falsePositives: 1, falsePositiveRate: 0.5,
      expansionAlerts: 2, expansionConfirmed: 1, riskAlerts: 0, riskConfirmed: 0, precisionAgainstAccountOutcomes: 0.5,
      // Churned in October: acc5 (A7 warned 66 days before: caught) and acc6 (only A8, 18 days before).
      churnedAccounts: 2, churnedWithEarlyRiskAlert: 0, recall: 0,
    });
    // usage_drop: A3 saved 500,000; A4 expired (acc4 contracted 34 days later: confirmed); A6 open.
    assert.deepEqual(by.usage_drop, {
      group: 'usage_drop', fired: 3, closed: 1, expired: 1, outcomes: { churn_prevented: 1, expired: 1 },
      converted: 1, conversionRate: 1, savedVsChurned: 1, revenueAttributedCents: 500_000, wonCents: 0, savedCents: 500_000,
      useful: 1, precision: 1, falsePositives: 0, falsePositiveRate: 0,
      expansionAlerts: 0, expansionConfirmed: 0, riskAlerts: 3, riskConfirmed: 1, precisionAgainstAccountOutcomes: 0.3333,
      churnedAccounts: 2, churnedWithEarlyRiskAlert: 1, recall: 0.5,
    });
    // no_login: A8 still open, but acc6 churned 18 days after it: confirmed against account outcomes.
    assert.equal(by.no_login.precisionAgainstAccountOutcomes, 1);
    assert.equal(by.no_login.conversionRate, null);
    assert.equal(by.no_login.recall, 0);
  });

  test('recall by segment measures each segment\'s own churned accounts', async () => {
    const by = items((await call('GET', `/reports/effectiveness?${OCT}&groupBy=segment`, undefined, leadershipKey)).body);
    assert.equal(by.smb.churnedAccounts, 1); // acc5
    assert.equal(by.smb.recall, 1);
    assert.equal(by.enterprise.churnedAccounts, 1); // acc6
    assert.equal(by.enterprise.recall, 0);
    // smb alerts fired in October: A1 (acc1), A2 (acc2), A6 (acc1); revenue 50,000 from A1.
    assert.equal(by.smb.fired, 3);
    assert.equal(by.smb.revenueAttributedCents, 50_000);
  });
});

describe('GET /reports/portfolio', () => {
  test('accounts per health band per day (churned accounts left out) by segment', async () => {
    const res = await call('GET', '/reports/portfolio?from=2026-10-30&to=2026-10-31&groupBy=segment', undefined, leadershipKey);
    assert.equal(res.status, 200);
    const band = (day: string, group: string) => res.body.health.find((h: any) => h.day === day && h.group === group).bands;
    // Oct 30, smb: acc1 85, acc2 45 (acc5 churned on the 25th). enterprise: acc3 30, acc4 no row (0); acc6 churned.
    assert.deepEqual(band('2026-10-30', 'smb'), { expansion_ready: 1, healthy: 0, developing: 1, at_risk: 0 });
    assert.deepEqual(band('2026-10-30', 'enterprise'), { expansion_ready: 0, healthy: 0, developing: 0, at_risk: 2 });
    // Oct 31, smb: acc1 65, acc2 no row (0).
    assert.deepEqual(band('2026-10-31', 'smb'), { expansion_ready: 0, healthy: 1, developing: 0, at_risk: 1 });
    assert.deepEqual(res.body.pipeline, []); // both expansion alerts were closed by Oct 31
  });

  test('expansion pipeline: expansion alerts open at the end of the period, with their accounts\' ARR', async () => {
    // At the end of Oct 6, A1 (closed on the 7th) and A2 (fired on the 6th) were both open: smb, 100,000 + 200,000.
    const res = await call('GET', '/reports/portfolio?from=2026-10-05&to=2026-10-06&groupBy=segment', undefined, leadershipKey);
    assert.deepEqual(res.body.pipeline, [{ group: 'smb', openAlerts: 2, accounts: 2, arrCents: 300_000 }]);
    const csv = await fetch(`${api.baseUrl}/reports/portfolio?from=2026-10-05&to=2026-10-06&groupBy=segment&format=csv`, { headers: { authorization: `Bearer ${leadershipKey}` } });
    const rows = parseCsv(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.filter((r) => r.section === 'health').length, 4); // 2 days × 2 segments
    assert.deepEqual(rows.filter((r) => r.section === 'pipeline').map((r) => [r.group, r.arrCents]), [['smb', '300000']]);
  });
});
