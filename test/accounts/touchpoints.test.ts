// Touchpoints end to end: the API on a real port over PostgreSQL (one, bulk, list; idempotent
// external ids; refusals that name the field and write nothing), then the `touchpoint` rule leaf and
// the daysSinceLastTouchpoint fact evaluated over hand-built touchpoints, hits and near misses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { ruleCreateSchema, type ConditionInput, type RuleVersion } from '../../domain/rules/schema.js';
import { DEFAULT_RULE_PACK } from '../../domain/rules/defaultPack.js';
import { productVocabularySchema } from '../../domain/rules/vocabulary.js';
import { createVocabularyRepository } from '../../services/rules/vocabularyRepository.js';
import { testRule } from '../support/rules.js';

let api: UsageApi;
let csmKey: string;
let leadershipKey: string;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

before(async () => {
  api = await startUsageApi();
  const keys = createApiKeyService(api.database.db);
  csmKey = (await keys.create({ name: 'ann', role: 'csm' })).key;
  leadershipKey = (await keys.create({ name: 'lee', role: 'leadership' })).key;
  await api.database.db('team_members').insert({ id: 'csm-ann', name: 'Ann', email: 'ann@example.com', role: 'csm' });
  await api.database.db('accounts').insert([
    { id: 'acme', name: 'Acme' },
    { id: 'globex', name: 'Globex' },
    { id: 'bulk-co', name: 'Bulk Co' },
  ]);
});
after(() => api?.close());

const upload = async (path: string, contentType: string, body: string, key = ADMIN_KEY) => {
  const res = await fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${key}` }, body });
  return { status: res.status, body: (await res.json()) as any };
};
const count = async (accountId: string) => Number((await api.database.db('touchpoints').where({ account_id: accountId }).count('* as n').first())!.n);
const paths = (body: any) => body.issues.map((i: { path: string }) => i.path);

describe('POST /touchpoints', () => {
  test('records a touchpoint (201) and GET lists it', async () => {
    const res = await call('POST', '/touchpoints', { accountId: 'acme', kind: 'qbr', occurredAt: '2026-01-10T15:00:00Z', recordedBy: 'csm-ann', note: 'Q1 review' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(
      { ...res.body, id: typeof res.body.id, createdAt: typeof res.body.createdAt },
      { id: 'number', accountId: 'acme', kind: 'qbr', occurredAt: '2026-01-10T15:00:00.000Z', recordedBy: 'csm-ann', note: 'Q1 review', source: 'api', externalId: null, createdAt: 'string' },
    );
  });

  test('the same source and external id again updates the touchpoint (200) instead of adding one', async () => {
    const first = await call('POST', '/touchpoints', { accountId: 'globex', kind: 'call', occurredAt: '2026-02-01T10:00:00Z', source: 'hubspot', externalId: 'eng-1', note: 'intro' }, csmKey);
    assert.equal(first.status, 201);
    const again = await call('POST', '/touchpoints', { accountId: 'globex', kind: 'meeting', occurredAt: '2026-02-01T10:00:00Z', source: 'hubspot', externalId: 'eng-1', note: 'intro, then demo' }, csmKey);
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.id, again.body.kind, again.body.note], [first.body.id, 'meeting', 'intro, then demo']);
    // The same external id from another source is another touchpoint.
    const other = await call('POST', '/touchpoints', { accountId: 'globex', kind: 'email', occurredAt: '2026-02-02T10:00:00Z', source: 'salesforce', externalId: 'eng-1' });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.id, first.body.id);
    assert.equal(await count('globex'), 2);
  });

  test('bad input is 400 naming each field, and nothing is written', async () => {
    const before = await count('acme');
    const cases: Array<[unknown, string[]]> = [
      [{ accountId: 'acme', kind: 'lunch', occurredAt: '2026-01-01T00:00:00Z' }, ['kind']],
      [{ kind: 'qbr', occurredAt: 'yesterday' }, ['accountId', 'occurredAt']],
      [{ accountId: 'acme', kind: 'qbr', occurredAt: '2999-01-01T00:00:00Z' }, ['occurredAt']],
      [{ accountId: 'acme', kind: 'qbr', occurredAt: '2026-01-01T00:00:00Z', color: 'red' }, ['(body)']],
      [{ accountId: 'nobody', kind: 'qbr', occurredAt: '2026-01-01T00:00:00Z', recordedBy: 'ghost' }, ['accountId', 'recordedBy']],
      [{ accountId: 'acme', kind: 'qbr', occurredAt: '2026-01-01T00:00:00Z', recordedBy: 'ghost' }, ['recordedBy']],
    ];
    for (const [body, expected] of cases) {
      const res = await call('POST', '/touchpoints', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(paths(res.body), expected, JSON.stringify(res.body));
    }
    assert.equal(await count('acme'), before);
  });

  test('CSMs and admins write; leadership reads only; no key is 401', async () => {
    const body = { accountId: 'acme', kind: 'email', occurredAt: '2026-01-05T09:00:00Z' };
    assert.equal((await call('POST', '/touchpoints', body, leadershipKey)).status, 403);
    assert.equal((await call('POST', '/touchpoints', body, null)).status, 401);
    assert.equal((await call('GET', '/accounts/acme/touchpoints', undefined, leadershipKey)).status, 200);
  });
});

describe('GET /accounts/:id/touchpoints', () => {
  test('newest first, limited; 404 for an unknown account, 400 for a bad limit', async () => {
    for (const [kind, at] of [['call', '2026-03-01T08:00:00Z'], ['meeting', '2026-03-05T08:00:00Z'], ['other', '2026-03-03T08:00:00Z']]) {
      assert.equal((await call('POST', '/touchpoints', { accountId: 'bulk-co', kind, occurredAt: at })).status, 201);
    }
    const list = await call('GET', '/accounts/bulk-co/touchpoints');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((t: any) => [t.kind, t.occurredAt]), [
      ['meeting', '2026-03-05T08:00:00.000Z'],
      ['other', '2026-03-03T08:00:00.000Z'],
      ['call', '2026-03-01T08:00:00.000Z'],
    ]);
    assert.deepEqual((await call('GET', '/accounts/bulk-co/touchpoints?limit=1')).body.items.map((t: any) => t.kind), ['meeting']);
    assert.equal((await call('GET', '/accounts/nobody/touchpoints')).status, 404);
    const bad = await call('GET', '/accounts/bulk-co/touchpoints?limit=0');
    assert.deepEqual([bad.status, paths(bad.body)], [400, ['query.limit']]);
  });
});

describe('POST /touchpoints/bulk', () => {
  test('NDJSON and CSV load; re-sending the same external ids updates them; the last line wins within one upload', async () => {
    const ndjson = [
      { account_id: 'acme', kind: 'qbr', occurred_at: '2026-04-01T10:00:00Z', source: 'hubspot', external_id: 'b-1', note: 'first' },
      { account_id: 'acme', kind: 'call', occurred_at: '2026-04-02T10:00:00Z' },
      { account_id: 'acme', kind: 'qbr', occurred_at: '2026-04-01T10:00:00Z', source: 'hubspot', external_id: 'b-1', note: 'corrected' },
    ].map((r) => JSON.stringify(r)).join('\n');
    const before = await count('acme');
    const loaded = await upload('/touchpoints/bulk', 'application/x-ndjson', ndjson, csmKey);
    assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
    assert.deepEqual(loaded.body, { rows: 3, created: 2, updated: 0 });
    assert.equal(await count('acme'), before + 2);

    const csv = 'account_id,kind,occurred_at,recorded_by,note,source,external_id\n' +
      'acme,qbr,2026-04-01T10:00:00Z,csm-ann,"from CSV, again",hubspot,b-1\n' +
      'acme,email,2026-04-03T10:00:00Z,,,,\n';
    const again = await upload('/touchpoints/bulk', 'text/csv', csv);
    assert.deepEqual([again.status, again.body], [200, { rows: 2, created: 1, updated: 1 }]);
    const b1 = await api.database.db('touchpoints').where({ source: 'hubspot', external_id: 'b-1' });
    assert.deepEqual(b1.map((r) => [r.note, r.recorded_by]), [['from CSV, again', 'csm-ann']]);
    const email = await api.database.db('touchpoints').where({ account_id: 'acme', kind: 'email', source: 'api' }).first();
    assert.deepEqual([email.note, email.recorded_by, email.external_id], [null, null, null], 'empty cells are "not given"');
  });

  test('one bad line refuses the whole upload, naming the line and column; nothing is written', async () => {
    const before = await api.database.db('touchpoints').count('* as n').first();
    const csv = 'account_id,kind,occurred_at\n' + 'acme,call,2026-05-01T10:00:00Z\n' + 'acme,lunch,2026-05-02T10:00:00Z\n' + 'acme,qbr,\n';
    const bad = await upload('/touchpoints/bulk', 'text/csv', csv);
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ['line 3.kind', 'line 4.occurred_at']);

    const unknown = [
      { account_id: 'acme', kind: 'call', occurred_at: '2026-05-01T10:00:00Z' },
      { account_id: 'nobody', kind: 'call', occurred_at: '2026-05-01T10:00:00Z', recorded_by: 'ghost' },
      { account_id: 'acme', kind: 'call', occurred_at: '2026-05-01T10:00:00Z', owner: 'x' },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n{not json';
    const refused = await upload('/touchpoints/bulk', 'application/x-ndjson', unknown);
    assert.equal(refused.status, 400);
    assert.deepEqual(paths(refused.body), ['line 3.owner', 'line 4']);
    const missing = await upload('/touchpoints/bulk', 'application/x-ndjson', JSON.stringify(unknown.split('\n').slice(0, 2).map((l) => JSON.parse(l))[1]));
    assert.deepEqual([missing.status, paths(missing.body)], [400, ['line 1.account_id', 'line 1.recorded_by']]);
    assert.deepEqual((await api.database.db('touchpoints').count('* as n').first())!.n, before!.n);

    assert.equal((await upload('/touchpoints/bulk', 'application/x-ndjson', '', csmKey)).status, 400, 'an empty upload is refused');
    assert.equal((await upload('/touchpoints/bulk', 'text/plain', 'x')).status, 415);
    assert.equal((await upload('/touchpoints/bulk', 'text/csv', 'account_id,kind,occurred_at\n', leadershipKey)).status, 403);
  });
});

// ── The rule language over hand-built touchpoints ─────────────────────────────────────────────────
const AS_OF = '2026-06-30';
/** The instant `n` days before AS_OF's start (UTC), plus `time` (default noon). */
const ago = (n: number, time = '12:00:00') => `${new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)}T${time}Z`;

async function accountWith(id: string, touchpoints: Array<[kind: string, occurredAt: string]>, facts: Record<string, unknown> = {}) {
  await api.database.db('accounts').insert({ id, name: `Account ${id}`, ...facts });
  if (touchpoints.length > 0) await api.database.db('touchpoints').insert(touchpoints.map(([kind, occurred_at]) => ({ account_id: id, kind, occurred_at })));
}
async function fired(r: RuleVersion, accounts: string[], asOf = AS_OF) {
  return (await evaluateRules(api.database.db, [r], { asOf, accounts })).map((m) => m.alert.accountId).sort();
}
async function evidence(r: RuleVersion, account: string, asOf = AS_OF) {
  const [m] = await evaluateRules(api.database.db, [r], { asOf, accounts: [account] });
  return m?.alert.evidence.conditions as Record<string, any> | undefined;
}
const qbrWithin60: ConditionInput = { kind: 'touchpoint', name: 'qbr', kinds: ['qbr'], withinDays: 60 };

describe('touchpoint leaf', () => {
  const accounts = ['tp-recent', 'tp-in', 'tp-out', 'tp-late', 'tp-call', 'tp-none', 'tp-future'];
  before(async () => {
    await accountWith('tp-recent', [['qbr', ago(10)]]);
    await accountWith('tp-in', [['qbr', ago(59, '00:00:00')]]); // the window's first day
    await accountWith('tp-out', [['qbr', ago(60, '23:59:59')]]); // the day before it
    await accountWith('tp-late', [['qbr', ago(0, '23:59:59')]]); // the last second of asOf
    await accountWith('tp-call', [['call', ago(5)]]);
    await accountWith('tp-none', []);
    await accountWith('tp-future', [['qbr', ago(100)], ['qbr', ago(-1, '00:00:00')]]); // the second is after asOf
  });

  test('a QBR in the 60 days ending asOf: hits and near misses at both ends of the window', async () => {
    assert.deepEqual(await fired(testRule('qbr_60', qbrWithin60), accounts), ['tp-in', 'tp-late', 'tp-recent']);
    assert.deepEqual(await evidence(testRule('qbr_60', qbrWithin60), 'tp-in'), { qbr: { lastDate: ago(59).slice(0, 10), lastKind: 'qbr', daysSince: 59, withinDays: 60 } });
  });

  test('not: "no QBR in 60 days", with when the last one was, or nulls when there was none', async () => {
    const noQbr = testRule('no_qbr_60', { not: qbrWithin60 });
    assert.deepEqual(await fired(noQbr, accounts), ['tp-call', 'tp-future', 'tp-none', 'tp-out']);
    assert.deepEqual(await evidence(noQbr, 'tp-out'), { qbr: { lastDate: ago(60).slice(0, 10), lastKind: 'qbr', daysSince: 60, withinDays: 60 } });
    assert.deepEqual(await evidence(noQbr, 'tp-none'), { qbr: { lastDate: null, lastKind: null, daysSince: null, withinDays: 60 } });
  });

  test('asOf: touchpoints after it do not count', async () => {
    // tp-future's QBR the day after asOf is not seen: its last QBR is the one 100 days before.
    assert.deepEqual(await evidence(testRule('no_qbr_60', { not: qbrWithin60 }), 'tp-future'), { qbr: { lastDate: ago(100).slice(0, 10), lastKind: 'qbr', daysSince: 100, withinDays: 60 } });
    // 20 days earlier, tp-recent's QBR (10 days before AS_OF) has not happened yet.
    assert.deepEqual(await fired(testRule('qbr_60', qbrWithin60), ['tp-recent'], ago(20).slice(0, 10)), []);
    assert.deepEqual(await fired(testRule('qbr_60', qbrWithin60), ['tp-recent'], ago(10).slice(0, 10)), ['tp-recent']);
  });

  test('kinds default to all kinds', async () => {
    const any = testRule('any_touch_30', { kind: 'touchpoint', name: 'touch', withinDays: 30 });
    assert.deepEqual(await fired(any, accounts), ['tp-call', 'tp-late', 'tp-recent']);
    assert.equal((await evidence(any, 'tp-call'))!.touch.lastKind, 'call');
  });

  test('the schema refuses an unknown kind, an empty kinds list and a missing withinDays, naming the field', () => {
    const problems = (condition: unknown) => {
      const r = ruleCreateSchema.safeParse({ ...DEFAULT_RULE_PACK[0], key: 'x', condition });
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    assert.deepEqual(problems({ kind: 'touchpoint', kinds: ['lunch'], withinDays: 5 }), ['condition.kinds.0']);
    assert.deepEqual(problems({ kind: 'touchpoint', kinds: [], withinDays: 5 }), ['condition.kinds']);
    assert.deepEqual(problems({ not: { kind: 'touchpoint' } }), ['condition.not.withinDays']);
  });
});

describe('daysSinceLastTouchpoint fact', () => {
  before(async () => {
    await accountWith('f-46', [['call', ago(46)]]);
    await accountWith('f-45', [['email', ago(45)]]);
    await accountWith('f-mixed', [['qbr', ago(80)], ['other', ago(3)]]);
    await accountWith('f-none', []);
  });
  const over45 = testRule('quiet_45', { kind: 'threshold', name: 'lastTouch', measure: 'daysSinceLastTouchpoint', op: '>', value: 45 });

  test('> 45 fires at 46 days, not at 45; the latest touchpoint of any kind counts; none is no value', async () => {
    assert.deepEqual(await fired(over45, ['f-46', 'f-45', 'f-mixed', 'f-none']), ['f-46']);
    assert.deepEqual(await evidence(over45, 'f-46'), { lastTouch: { value: 46, op: '>', threshold: 45 } });
    const anyAtAll = testRule('ever', { kind: 'threshold', measure: 'daysSinceLastTouchpoint', op: '>=', value: 0 });
    assert.deepEqual(await fired(anyAtAll, ['f-46', 'f-none']), ['f-46']);
  });

  test('asOf: a touchpoint after it does not count', async () => {
    // f-mixed seen 10 days before AS_OF: the touchpoint 3 days before AS_OF has not happened, the QBR was 70 days earlier.
    assert.deepEqual(await evidence(over45, 'f-mixed', ago(10).slice(0, 10)), { lastTouch: { value: 70, op: '>', threshold: 45 } });
  });
});

describe('the default pack\'s touchpoint rules', () => {
  const packRule = (key: string): RuleVersion => ({ key, version: 1, definition: ruleCreateSchema.parse(DEFAULT_RULE_PACK.find((r) => r.key === key)) });
  const renewsIn = (days: number) => ago(-days).slice(0, 10);

  test('no_touchpoint_45_days: only accounts of $10k ARR or more that have recorded touchpoints', async () => {
    await accountWith('p-big', [['call', ago(50)]], { arr_cents: 5_000_000 });
    await accountWith('p-small', [['call', ago(50)]], { arr_cents: 500_000 });
    await accountWith('p-recent', [['call', ago(50)], ['meeting', ago(20)]], { arr_cents: 5_000_000 });
    await accountWith('p-never', [], { arr_cents: 5_000_000 });
    const r = packRule('no_touchpoint_45_days');
    assert.deepEqual(await fired(r, ['p-big', 'p-small', 'p-recent', 'p-never']), ['p-big']);
    const [m] = await evaluateRules(api.database.db, [r], { asOf: AS_OF, accounts: ['p-big'] });
    assert.equal(m!.alert.title, 'Account p-big: no touchpoint in 50 days');
  });

  test('renewal_90_days_no_qbr: an annual plan renewing within 90 days, touchpoints recorded, no QBR in 60 days', async () => {
    // The renewal rules remind annual plans only: the plan terms come from the product vocabulary.
    await createVocabularyRepository(api.database.db).put(productVocabularySchema.parse({ planTerms: { annual: ['annual'], monthly: ['monthly'] } }), 'test');
    await accountWith('r-noqbr', [['qbr', ago(70)], ['call', ago(10)]], { renewal_date: renewsIn(30), plan: 'annual' });
    await accountWith('r-monthly', [['qbr', ago(70)], ['call', ago(10)]], { renewal_date: renewsIn(30), plan: 'monthly' });
    await accountWith('r-qbr', [['qbr', ago(20)]], { renewal_date: renewsIn(30), plan: 'annual' });
    await accountWith('r-untracked', [], { renewal_date: renewsIn(30), plan: 'annual' });
    await accountWith('r-far', [['call', ago(10)]], { renewal_date: renewsIn(120), plan: 'annual' });
    const r = packRule('renewal_90_days_no_qbr');
    assert.deepEqual(await fired(r, ['r-noqbr', 'r-monthly', 'r-qbr', 'r-untracked', 'r-far']), ['r-noqbr']);
    const [m] = await evaluateRules(api.database.db, [r], { asOf: AS_OF, accounts: ['r-noqbr'] });
    assert.equal(m!.alert.payload.what, 'Account r-noqbr renews in 30 days and has had no QBR in the last 60 days (last touchpoint of any kind: 10 days ago).');
    assert.deepEqual((m!.alert.evidence.conditions as Record<string, unknown>).qbr, { lastDate: ago(70).slice(0, 10), lastKind: 'qbr', daysSince: 70, withinDays: 60 });
  });
});
