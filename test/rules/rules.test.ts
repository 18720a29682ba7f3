// Rules as versioned data through the HTTP API: create, refuse (400 with the exact path, 403, 404,
// 409), change as new versions with who/when/why; the default pack validates and installs once; the
// evaluator's load sees only active and shadow rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { createApiKeyService } from '../../services/access/apiKeys.js';
import { DEFAULT_PACK_REASON, installDefaultPack, loadEvaluableRules, updateRule } from '../../services/rules/rules.js';
import { DEFAULT_RULE_PACK } from '../../domain/rules/defaultPack.js';
import { isEventRule, leafNames, ruleCreateSchema } from '../../domain/rules/schema.js';

let api: UsageApi;
let csmKey: string;
const ADMIN_ACTOR = 'api:admin (ADMIN_API_KEY)';

before(async () => {
  api = await startUsageApi();
  csmKey = (await createApiKeyService(api.database.db).create({ name: 'ann', role: 'csm' })).key;
});
after(async () => {
  await api?.close();
});

const call = apiClient(() => api.baseUrl, ADMIN_KEY);

/** A valid rule; `over` replaces top-level fields. */
function rule(key: string, over: Record<string, unknown> = {}) {
  return {
    key,
    name: 'Seats nearly full',
    category: 'expansion',
    status: 'active',
    condition: {
      all: [
        { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 },
        { kind: 'threshold', measure: 'seatLimit', op: '>=', value: 10 },
      ],
    },
    severity: { base: 'medium', modifiers: [{ arrAtLeastCents: 10_000_000, raise: 1, reason: 'large account' }] },
    title: '{{account.name}}: seats nearly full',
    payload: { what: 'Seats at {{seats.value}}', significance: 'Upgrade soon', affected: 'Admins', action: 'Offer seats', dueBy: 'in 7 days' },
    ...over,
  };
}
const withoutKey = ({ key: _key, ...rest }: Record<string, unknown>) => rest;

describe('rules API', () => {
  test('POST /rules creates version 1 with the defaults filled in; a second POST of the key is 409 and changes nothing', async () => {
    const created = await call('POST', '/rules', rule('seats_full'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.key, 'seats_full');
    assert.equal(created.body.version, 1);
    assert.equal(created.body.changedBy, ADMIN_ACTOR);
    assert.equal(created.body.reason, 'created');
    assert.equal(created.body.cooldown, '7d', 'defaults are stored, so every reader sees the same rule');
    assert.equal(created.body.routeTo, 'csm');
    assert.deepEqual(created.body.condition.all[0], { kind: 'threshold', name: 'seats', measure: 'seatUtilization', op: '>=', value: 0.8 });

    const again = await call('POST', '/rules', rule('seats_full', { name: 'Overwritten?' }));
    assert.equal(again.status, 409);
    assert.equal(again.body.error, 'conflict');
    const current = await call('GET', '/rules/seats_full');
    assert.deepEqual([current.status, current.body.version, current.body.name], [200, 1, 'Seats nearly full']);
  });

  test('an invalid rule is refused with the exact path of the problem, and nothing is written', async () => {
    const bad = rule('bad_value', {
      condition: { all: [{ kind: 'threshold', measure: 'seatUtilization', op: '>=', value: 0.8 }, { kind: 'threshold', measure: 'seatLimit', op: '>=', value: 'ten' }] },
    });
    const res = await call('POST', '/rules', bad);
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.issues.map((i: { path: string }) => i.path), ['condition.all.1.value']);
    assert.equal((await call('GET', '/rules/bad_value')).status, 404);

    const badKey = await call('POST', '/rules', rule('Bad-Key', { cooldown: 'soon' }));
    assert.equal(badKey.status, 400);
    assert.deepEqual(badKey.body.issues.map((i: { path: string }) => i.path).sort(), ['cooldown', 'key']);
  });

  test('PUT without a reason is 400 naming reason; with one it adds version 2 and keeps version 1', async () => {
    await call('POST', '/rules', rule('api_high'));
    const noReason = await call('PUT', '/rules/api_high', withoutKey(rule('api_high', { name: 'Changed' })));
    assert.equal(noReason.status, 400);
    assert.deepEqual(noReason.body.issues.map((i: { path: string }) => i.path), ['reason']);
    assert.equal((await call('GET', '/rules/api_high')).body.version, 1);

    const changed = await call('PUT', '/rules/api_high', { ...withoutKey(rule('api_high', { name: 'Changed', status: 'shadow' })), reason: 'try it quietly first' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(
      [changed.body.key, changed.body.version, changed.body.name, changed.body.status, changed.body.changedBy, changed.body.reason],
      ['api_high', 2, 'Changed', 'shadow', ADMIN_ACTOR, 'try it quietly first'],
    );
    assert.ok(!Number.isNaN(Date.parse(changed.body.changedAt)), '!Number.isNaN(Date.parse(changed.body.changedAt))');

    const current = await call('GET', '/rules/api_high');
    assert.deepEqual([current.body.version, current.body.name, current.body.status], [2, 'Changed', 'shadow']);

    const versions = await call('GET', '/rules/api_high/versions');
    assert.equal(versions.status, 200);
    assert.deepEqual(versions.body.items.map((v: any) => [v.version, v.reason, v.changedBy, v.definition.name]), [
      [2, 'try it quietly first', ADMIN_ACTOR, 'Changed'],
      [1, 'created', ADMIN_ACTOR, 'Seats nearly full'],
    ]);
    assert.ok(Date.parse(versions.body.items[0].changedAt) >= Date.parse(versions.body.items[1].changedAt), 'Date.parse(versions.body.items[0].changedAt) >= Date.parse(versions.body.items[1].changedAt)');
  });

  test('PUT takes back what GET returned: a read–edit–write round trip works; a different key is refused', async () => {
    await call('POST', '/rules', rule('round_trip'));
    const read = await call('GET', '/rules/round_trip');
    for (const field of ['key', 'version', 'changedBy', 'changedAt', 'effectiveStatus', 'statusReason']) assert.ok(field in read.body, `GET shows ${field}`);
    const edited = { ...read.body, name: 'Seats nearly full (edited)', reason: 'rename after review' };
    const written = await call('PUT', '/rules/round_trip', edited);
    assert.equal(written.status, 200, JSON.stringify(written.body));
    assert.deepEqual([written.body.version, written.body.name, written.body.reason], [2, 'Seats nearly full (edited)', 'rename after review']);
    const stored = (await call('GET', '/rules/round_trip/versions')).body.items[0].definition;
    for (const field of ['key', 'version', 'changedBy', 'changedAt', 'effectiveStatus', 'statusReason']) assert.ok(!(field in stored), `${field} is not stored in the definition`);

    const otherKey = await call('PUT', '/rules/round_trip', { ...edited, key: 'seats_full', reason: 'typo' });
    assert.equal(otherKey.status, 400);
    assert.deepEqual(otherKey.body.issues.map((i: { path: string }) => i.path), ['key']);
    assert.equal((await call('GET', '/rules/round_trip')).body.version, 2, 'the refused PUT wrote nothing');
    const unknownField = await call('PUT', '/rules/round_trip', { ...edited, colour: 'red' });
    assert.equal(unknownField.status, 400, 'other unknown fields are still refused');
  });

  test('GET/PUT /product-vocabulary: admins set it, errors name the field, and rules waiting for it say so', async () => {
    const empty = await call('GET', '/product-vocabulary');
    assert.equal(empty.status, 200);
    assert.deepEqual([empty.body.premiumFeatures, empty.body.onboarding, empty.body.changedBy], [[], null, null]);

    const premium = rule('premium_lower_tier', {
      category: 'expansion',
      condition: { kind: 'premiumFeatureUse', name: 'premium', days: 30, atLeast: 2 },
    });
    await call('POST', '/rules', premium);
    const waiting = await call('GET', '/rules/premium_lower_tier');
    assert.deepEqual([waiting.body.status, waiting.body.effectiveStatus], ['active', 'shadow']);
    assert.match(waiting.body.statusReason, /premiumFeatures/);

    const bad = await call('PUT', '/product-vocabulary', { onboarding: { stages: ['setup', 'live'], doneStage: 'complete' }, premiumFeatures: [{ feature: 'sso' }] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.issues.map((i: { path: string }) => i.path).sort(), ['onboarding.doneStage', 'premiumFeatures.0.includedIn']);
    assert.equal((await call('GET', '/product-vocabulary')).body.onboarding, null, 'nothing half-written');
    const vocabulary = {
      premiumFeatures: [{ feature: 'sso', includedIn: ['enterprise'] }, { feature: 'audit_log', includedIn: ['enterprise'] }],
      onboarding: { stages: ['setup', 'live'], doneStage: 'live' },
    };
    assert.equal((await call('PUT', '/product-vocabulary', vocabulary, csmKey)).status, 403);
    const set = await call('PUT', '/product-vocabulary', vocabulary);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual([set.body.onboarding.doneStage, set.body.keyFeatures, set.body.changedBy], ['live', [], ADMIN_ACTOR]);
    // What GET returns goes back unchanged.
    const again = await call('PUT', '/product-vocabulary', (await call('GET', '/product-vocabulary', undefined, csmKey)).body);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const ready = await call('GET', '/rules/premium_lower_tier');
    assert.deepEqual([ready.body.effectiveStatus, ready.body.statusReason], ['active', null]);
  });

  test('unknown keys are 404 for GET, PUT and versions', async () => {
    assert.equal((await call('GET', '/rules/no_such_rule')).status, 404);
    assert.equal((await call('GET', '/rules/no_such_rule/versions')).status, 404);
    const put = await call('PUT', '/rules/no_such_rule', { ...withoutKey(rule('x')), reason: 'why not' });
    assert.equal(put.status, 404);
    assert.equal((await call('GET', '/rules/no_such_rule')).status, 404, 'PUT does not create');
  });

  test('any role reads rules; only admins write them', async () => {
    await call('POST', '/rules', rule('role_check'));
    assert.equal((await call('POST', '/rules', rule('by_csm'), csmKey)).status, 403);
    assert.equal((await call('PUT', '/rules/role_check', { ...withoutKey(rule('x')), reason: 'csm edit' }, csmKey)).status, 403);
    assert.equal((await call('POST', '/rules', rule('anonymous'), null)).status, 401);
    assert.equal((await call('GET', '/rules/by_csm')).status, 404, 'the refused create wrote nothing');
    assert.equal((await call('GET', '/rules/role_check', undefined, csmKey)).status, 200);
    assert.equal((await call('GET', '/rules/role_check/versions', undefined, csmKey)).body.items.length, 1);
    assert.equal((await call('GET', '/rules', undefined, csmKey)).status, 200);
  });

  test('GET /rules filters by status and category', async () => {
    await call('POST', '/rules', rule('filter_draft', { status: 'draft', category: 'risk' }));
    await call('POST', '/rules', rule('filter_active', { status: 'active', category: 'risk' }));
    const keys = async (q: string) => ((await call('GET', `/rules?${q}`)).body.items as Array<{ key: string }>).map((r) => r.key);
    assert.deepEqual(await keys('category=risk'), ['filter_active', 'filter_draft']);
    assert.deepEqual(await keys('category=risk&status=draft'), ['filter_draft']);
    assert.ok(!(await keys('status=active')).includes('filter_draft'), '!(await keys(\'status=active\')).includes(\'filter_draft\')');
    const bad = await call('GET', '/rules?status=paused');
    assert.deepEqual([bad.status, bad.body.issues[0].path], [400, 'query.status']);
  });

  test('a status change is a version like any other, and filtering follows the current version', async () => {
    await call('POST', '/rules', rule('to_retire'));
    const retired = await call('PUT', '/rules/to_retire', { ...withoutKey(rule('x', { status: 'retired' })), reason: 'replaced by seats_full' });
    assert.deepEqual([retired.status, retired.body.version, retired.body.status], [200, 2, 'retired']);
    const keys = async (q: string) => ((await call('GET', `/rules?${q}`)).body.items as Array<{ key: string }>).map((r) => r.key);
    assert.ok((await keys('status=retired')).includes('to_retire'), '(await keys(\'status=retired\')).includes(\'to_retire\')');
    assert.ok(!(await keys('status=active')).includes('to_retire'), '!(await keys(\'status=active\')).includes(\'to_retire\')');
  });
});

describe('loadEvaluableRules', () => {
  test('returns the current versions of active and shadow rules only', async () => {
    for (const [key, status] of [['eval_active', 'active'], ['eval_shadow', 'shadow'], ['eval_draft', 'draft'], ['eval_retired', 'active']] as const) {
      assert.equal((await call('POST', '/rules', rule(key, { status }))).status, 201);
    }
    // Retired through a new version: the load must read the current version, not version 1.
    await updateRule(api.database.db, 'eval_retired', { ...ruleCreateSchema.parse(rule('eval_retired', { status: 'retired' })), reason: 'done' }, 'test');
    // A shadow rule whose current version changed: the load must answer that version.
    await updateRule(api.database.db, 'eval_shadow', { ...ruleCreateSchema.parse(rule('eval_shadow', { status: 'shadow', name: 'v2' })), reason: 'rename' }, 'test');

    const keys = ['eval_active', 'eval_shadow', 'eval_draft', 'eval_retired'];
    const loaded = await loadEvaluableRules(api.database.db, { keys });
    assert.deepEqual(loaded.map((r) => [r.key, r.version, r.definition.status, r.definition.name]), [
      ['eval_active', 1, 'active', 'Seats nearly full'],
      ['eval_shadow', 2, 'shadow', 'v2'],
    ]);
    assert.equal(loaded[0]!.definition.cooldown, '7d');

    const all = await loadEvaluableRules(api.database.db);
    const allKeys = all.map((r) => r.key);
    assert.ok(allKeys.includes('eval_active') && allKeys.includes('eval_shadow'), 'allKeys.includes(\'eval_active\') && allKeys.includes(\'eval_shadow\')');
    assert.ok(!allKeys.includes('eval_draft') && !allKeys.includes('eval_retired'), '!allKeys.includes(\'eval_draft\') && !allKeys.includes(\'eval_retired\')');
    assert.ok(all.every((r) => r.definition.status === 'active' || r.definition.status === 'shadow'), 'all.every((r) => r.definition.status === \'active\' || r.definition.status === \'shadow\')');

    const shadowOnly = await loadEvaluableRules(api.database.db, { keys, statuses: ['shadow'] });
    assert.deepEqual(shadowOnly.map((r) => r.key), ['eval_shadow']);
  });
});


describe('the default rule pack', () => {
  test('every rule validates, is active or shadow, keys are unique, and payload placeholders name leaves of the condition', () => {
    const keys = new Set<string>();
    for (const raw of DEFAULT_RULE_PACK) {
      const result = ruleCreateSchema.safeParse(raw);
      assert.ok(result.success, `${raw.key}: ${result.success ? '' : JSON.stringify(result.error.issues)}`);
      const r = result.data;
      assert.ok(!keys.has(r.key), `duplicate key ${r.key}`);
      keys.add(r.key);
      assert.ok(r.status === 'active' || r.status === 'shadow', `${r.key} ships active or shadow`);
      assert.ok(r.playbook.length > 0, `${r.key} has playbook steps`);
      assert.ok(r.severity.modifiers.length > 0, `${r.key} has severity modifiers`);
      const names = leafNames(r.condition);
      const texts = [r.title, ...Object.values(r.payload)].join('\n');
      for (const [, head] of texts.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_]+)?\s*(?:\|\s*percent\s*)?\}\}/g)) {
        assert.ok(head === 'account' || head === 'severity' || names.has(head!), `${r.key}: {{${head}...}} names no leaf`);
      }
    }
    for (const key of ['seat_utilization_high', 'usage_drop', 'no_login_14_days', 'below_cohort_logins', 'onboarding_incomplete_14_days', 'renewal_30_days_poor_usage']) {
      assert.ok(keys.has(key), `the pack has ${key}`);
    }
    const categories = new Set(DEFAULT_RULE_PACK.map((r) => r.category));
    assert.deepEqual([...categories].sort(), ['expansion', 'onboarding', 'renewal', 'risk']);
    const eventRules = DEFAULT_RULE_PACK.filter((r) => isEventRule(ruleCreateSchema.parse(r).condition)).map((r) => r.key);
    assert.deepEqual(eventRules, ['power_user_deleted']);
  });

  test('installDefaultPack installs each key once as version 1 and leaves existing rules as they are', async () => {
    const db = api.database.db;
    const packKeys = DEFAULT_RULE_PACK.map((r) => r.key);
    const first = await installDefaultPack(db, 'system:default-pack');
    assert.deepEqual(first.installed.sort(), [...packKeys].sort());

    // An owner changes one pack rule; installing again must not add a version or reset it.
    const changed = ruleCreateSchema.parse({ ...DEFAULT_RULE_PACK[0]!, status: 'retired' });
    await updateRule(db, changed.key, { ...changed, reason: 'not for us' }, 'test');

    const second = await installDefaultPack(db, 'system:default-pack');
    assert.deepEqual(second.installed, []);
    const rows = await db('rule_versions').whereIn('key', packKeys).select('key', 'version', 'reason', 'changed_by');
    assert.equal(rows.length, packKeys.length + 1);
    for (const r of rows.filter((r) => r.version === 1)) assert.deepEqual([r.reason, r.changed_by], [DEFAULT_PACK_REASON, 'system:default-pack']);
    const rules = await db('rules').whereIn('key', packKeys).select('key', 'current_version', 'status');
    assert.equal(rules.length, packKeys.length);
    assert.deepEqual(rules.filter((r) => r.current_version !== 1).map((r) => [r.key, r.current_version, r.status]), [[changed.key, 2, 'retired']]);

    // An untouched active rule of the pack (not the one changed above) reads as version 1.
    const untouched = DEFAULT_RULE_PACK.find((r) => r.key !== changed.key && r.status === 'active')!;
    const shown = await call('GET', `/rules/${untouched.key}`);
    assert.deepEqual([shown.status, shown.body.version, shown.body.status, shown.body.reason], [200, 1, 'active', DEFAULT_PACK_REASON]);
  });
});
