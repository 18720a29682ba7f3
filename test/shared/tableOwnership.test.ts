// One owner per table: every table created in migrations/ has a repository that is the only module
// reading or writing it. The scan looks at every non-test .ts file for knex table access
// (db('t'), .from('t'), .into('t'), .join('t', ...), .table('t')) and raw SQL text (from t, join t,
// into t, update t, delete from t, copy t) and fails naming the file and the table when a file other
// than the owner touches it. The read models in READ_MODELS may SELECT across tables, never write.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const SCANNED = ['services', 'activities', 'api', 'runtime', 'dev', 'domain', 'workflows'];

/** Table → the repository file(s) that own it. Groups not yet split out of their service name the
 * service module that holds their SQL today (rules, touchpoints, backtests, daily metrics). */
const OWNERS: Record<string, string[]> = {
  accounts: ['services/accounts/accountRepository.ts'],
  account_fact_history: ['services/accounts/accountRepository.ts'],
  team_members: ['services/accounts/teamRepository.ts'],
  sessions: ['services/access/sessionRepository.ts'],
  sign_in_tokens: ['services/access/signInTokenRepository.ts'],
  support_tickets: ['services/accounts/ticketRepository.ts'],
  touchpoints: ['services/accounts/touchpoints.ts'],
  account_outcomes: ['services/accounts/outcomeRepository.ts'],
  alerts: ['services/alerts/alertRepository.ts'],
  alert_events: ['services/alerts/alertRepository.ts'],
  action_token_uses: ['services/alerts/actionTokenRepository.ts'],
  escalation_policies: ['services/alerts/escalationPolicyRepository.ts'],
  notifications: ['services/notifications/outboxRepository.ts'],
  routing_policy_versions: ['services/notifications/routingPolicyRepository.ts'],
  webhook_subscriptions: ['services/notifications/webhookRepository.ts'],
  suppression_windows: ['services/windows/windowRepository.ts'],
  api_keys: ['services/access/apiKeyRepository.ts'],
  event_rule_queue: ['services/evaluation/eventRuleQueueRepository.ts'],
  sources: ['services/usage/sourceRepository.ts'],
  users: ['services/usage/usageRepository.ts'],
  usage_events: ['services/usage/usageRepository.ts'],
  features: ['services/usage/usageRepository.ts'],
  daily_account_metrics: ['services/usage/dailyMetrics.ts'],
  daily_metric_windows: ['services/usage/dailyMetrics.ts'],
  reported_daily_metrics: ['services/usage/dailyMetrics.ts'],
  rules: ['services/rules/rules.ts'],
  rule_versions: ['services/rules/rules.ts'],
  product_vocabulary: ['services/rules/vocabularyRepository.ts'],
  evaluation_runs: ['services/evaluation/evaluationRepository.ts'],
  evaluation_matches: ['services/evaluation/evaluationRepository.ts'],
  evaluation_match_counts: ['services/evaluation/evaluationRepository.ts'],
  evaluation_shard_facts: ['services/evaluation/shardFactsRepository.ts'],
  backtests: ['services/evaluation/backtests.ts'],
  backtest_days: ['services/evaluation/backtests.ts'],
  backtest_metric_scans: ['services/evaluation/backtestMetrics.ts'],
  backtest_metric_arrays: ['services/evaluation/backtestMetrics.ts'],
  idempotency_keys: ['services/shared/idempotencyRepository.ts'],
};

/**
 * The honest exceptions: read models that only SELECT across tables they do not own. Writes are
 * never exempt.
 */
const READ_MODELS: Record<string, string> = {
  // The rule language compiles to set-based SQL text (pure, no I/O) over usage, metrics and accounts.
  'domain/rules/compile.ts': 'the rule compiler generates SELECT text; the evaluation repository runs it',
  'services/reports/reportReadModel.ts': 'leadership reports join alerts, outcomes, accounts and metrics',
  'services/web/inboxReadModel.ts': 'the ranked inbox joins open alerts with their accounts and owners',
  'services/alerts/alertList.ts': "GET /alerts joins each alert with its account's name",
  'services/reports/triggerEffectiveness.ts': 'trigger effectiveness joins alerts, outcomes and accounts',
  'services/rules/shadowReport.ts': 'the shadow report compares evaluation matches with open alerts',
  // The owner of the daily tables derives them from usage_events, users and features in one
  // set-based statement per recomputation (and counts the feature catalogue in its measures);
  // routing those reads through the usage repository would make the intake's hot path many statements.
  'services/usage/dailyMetrics.ts': 'daily metrics are recomputed from usage_events, users and features in one statement',
  'services/shared/metricsReadModel.ts': 'the Prometheus figures count alerts, pending outbox rows and evaluation runs',
};

/**
 * Not moved yet (issue 8): files that still touch tables they do not own. This list only shrinks:
 * a listed access that is gone fails the test too, so the entry must be deleted with the move.
 */
const PENDING: Record<string, string[]> = {
};

function tablesFromMigrations(): string[] {
  const dir = join(root, 'migrations');
  const tables = new Set<string>();
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/createTable\(\s*['"]([a-z_]+)['"]/g)) tables.add(m[1]!);
    // Tables knex cannot create (unlogged ones) come as SQL text.
    for (const m of text.matchAll(/\bcreate\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_]+)/gi)) tables.add(m[1]!.toLowerCase());
  }
  return [...tables].sort();
}

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const top of SCANNED) {
    for (const f of readdirSync(join(root, top), { recursive: true }) as string[]) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts')) files.push(join(top, f));
    }
  }
  return files;
}

type Access = { table: string; write: boolean; how: string };

/** The table accesses in one source text (knex calls and SQL text). */
export function accessesIn(text: string, tables: string[]): Access[] {
  const found: Access[] = [];
  const alt = tables.join('|');
  const q = `['"\`]`;
  const patterns: Array<{ re: RegExp; write: boolean }> = [
    // knex: db('t'), trx('t'), knex('t'), .table('t'), .from('t'), .join('t'), .into('t'); "t as x" too.
    { re: new RegExp(`\\b(?:db|trx|knex|tx|conn|this\\.db|deps\\.db|database)\\(\\s*${q}(${alt})(?:\\s+as\\s+\\w+)?${q}`, 'g'), write: false },
    { re: new RegExp(`\\.(?:from|join|leftJoin|innerJoin|rightJoin|table)\\(\\s*${q}(${alt})(?:\\s+as\\s+\\w+)?${q}`, 'g'), write: false },
    { re: new RegExp(`\\.into\\(\\s*${q}(${alt})${q}`, 'g'), write: true },
    // SQL text.
    { re: new RegExp(`\\b(?:from|join)\\s+(?:only\\s+)?(${alt})\\b(?!\\s*[(:])`, 'gi'), write: false },
    { re: new RegExp(`\\b(?:insert\\s+into|into|update|delete\\s+from|copy|truncate(?:\\s+table)?)\\s+(${alt})\\b(?!\\s*:)`, 'gi'), write: true },
  ];
  for (const { re, write } of patterns) {
    for (const m of text.matchAll(re)) found.push({ table: m[1]!.toLowerCase(), write, how: m[0] });
  }
  // A knex builder on a table that then writes (db('t').insert/update/del/merge) is a write.
  const builder = new RegExp(`\\b\\w+\\(\\s*${q}(${alt})${q}\\)\\s*(?:\\.\\w+\\([^;]*?\\))*?\\s*\\.(insert|update|del|delete|merge|increment|decrement)\\(`, 'g');
  for (const m of text.matchAll(builder)) found.push({ table: m[1]!, write: true, how: `${m[1]}.${m[2]}` });
  return found;
}

/** Comments say why; their prose ("from accounts") is not access. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export function violations(files: Array<{ path: string; text: string }>, tables: string[], pending: Record<string, string[]> = {}): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    for (const a of accessesIn(stripComments(text), tables)) {
      const owners = OWNERS[a.table] ?? [];
      if (owners.includes(path)) continue;
      if (READ_MODELS[path] && !a.write) continue;
      if (pending[path]?.includes(a.table)) continue;
      out.push(`${path} ${a.write ? 'writes' : 'reads'} ${a.table} (${a.how.replace(/\s+/g, ' ')}); its owner is ${owners.join(', ') || 'nobody'}`);
    }
  }
  return [...new Set(out)].sort();
}

describe('table ownership', () => {
  const tables = tablesFromMigrations();
  const files = sourceFiles().map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

  test('every table in migrations/ has an owner, and every owner exists', () => {
    assert.ok(tables.length > 20, `found ${tables.length} tables in migrations/`);
    assert.deepEqual(tables.filter((t) => !OWNERS[t]), [], 'tables without an owning repository');
    const paths = new Set(files.map((f) => f.path));
    const missing = [...new Set(Object.values(OWNERS).flat())].filter((p) => !paths.has(p));
    assert.deepEqual(missing, [], 'owner files that do not exist');
    for (const p of Object.keys(READ_MODELS)) assert.ok(paths.has(p), `read model ${p} does not exist`);
  });

  test('no file outside its owner touches a table; read models only select', () => {
    const found = violations(files, tables, PENDING);
    assert.equal(found.length, 0, `table access outside its owner:\n${found.join('\n')}`);
  });

  test('the pending list is true: every listed access still exists (delete the entry with the move)', () => {
    const stale: string[] = [];
    for (const [path, listed] of Object.entries(PENDING)) {
      const text = files.find((f) => f.path === path)?.text ?? '';
      const touched = new Set(accessesIn(stripComments(text), tables).map((a) => a.table));
      for (const t of listed) if (!touched.has(t)) stale.push(`${path} no longer touches ${t}`);
    }
    assert.deepEqual(stale, []);
  });

  test('the scan sees knex calls and SQL text, and catches a write from a read model', () => {
    const probe = [
      { path: 'services/alerts/somethingElse.ts', text: `await db('alerts').where({ id }).update({ state: 'x' });` },
      { path: 'activities/notifications/x.ts', text: 'await db.raw(`select 1 from notifications n join alerts a on a.id = n.alert_id`);' },
      { path: 'services/reports/reportReadModel.ts', text: 'await db.raw(`update accounts set arr_cents = 0`);' },
      { path: 'services/reports/reportReadModel.ts', text: 'await db.raw(`select * from accounts`);' },
      { path: 'services/alerts/alertRepository.ts', text: `await db('alerts').insert(row);` },
      { path: 'api/x.ts', text: `// reads from accounts in a comment only\nconst accountsCount = 1;` },
    ];
    assert.deepEqual(
      violations(probe, tables).map((v) => v.split(' (')[0]),
      [
        'activities/notifications/x.ts reads alerts',
        'activities/notifications/x.ts reads notifications',
        'services/alerts/somethingElse.ts reads alerts',
        'services/alerts/somethingElse.ts writes alerts',
        'services/reports/reportReadModel.ts writes accounts',
      ],
    );
  });
});
