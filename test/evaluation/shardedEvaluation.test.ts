// A sharded evaluation run (issue 14) must give exactly what the whole run gives: the peers (the
// portfolio's market medians and cohorts) computed once over every account in a first pass
// (computePeers), then each shard — a hash range of account_id — evaluated over its own accounts with
// those peers as values. On the labelled simulation, where the market-adjusted and cohort rules
// match, the shards' matches, evidence and text are the whole run's; the values are what the shards
// judge by (other medians give other matches); and a shard refuses peers of other rules.
// Since the shards' facts are stored once per run (the run's activities: aggregateShard, shardPeers,
// evaluateShard from its facts), the peers over the stored facts are the first pass's, the shards'
// matches the whole run's, a facts table emptied by a crash is computed again rather than read
// empty, facts of other rules are refused, and the tables go with the run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation } from '../../dev/simulation/simulator.js';
import { simulationVocabulary } from '../../dev/simulation/vocabulary.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loadSimulatedPortfolio } from '../support/rules.js';
import { loadEvaluableRules } from '../../services/rules/rules.js';
import { computePeers, evaluateRules, FactsChangedError, PeersChangedError, shardFactsQuery, type RuleMatch, type RunPeers } from '../../services/evaluation/ruleEvaluation.js';
import { createShardFactsRepository, factsTable } from '../../services/evaluation/shardFactsRepository.js';
import { createEvaluationRepository } from '../../services/evaluation/evaluationRepository.js';
import { createEvaluationActivities } from '../../activities/evaluation/evaluationActivities.js';
import type { FireAlertInput } from '../../domain/alerts/alert.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { compileRules, compileShardFacts } from '../../domain/rules/compile.js';
import { shardsOf } from '../../domain/evaluation/shards.js';
import { isEventRule, type RuleVersion } from '../../domain/rules/schema.js';

const sim = createSimulation({ accounts: 60, days: 150, endDay: '2026-11-30', seed: 1 });
let database: TestDatabase;
let rules: RuleVersion[];
let peerRules: Set<string>;

before(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await loadSimulatedPortfolio(db, sim);
  rules = (await loadEvaluableRules(db, {})).filter((r) => !isEventRule(r.definition.condition));
  peerRules = new Set(rules.filter((r) => compileRules([r], { asOf: sim.dayOf(149), vocabulary: simulationVocabulary() }).readsPeers).map((r) => r.key));
});
after(() => database.drop());

/** Matches as comparable text: rule, account, severity, title, evidence, shadow. */
const comparable = (ms: RuleMatch[]) => ms.map((m) => JSON.stringify([m.alert.ruleKey, m.alert.accountId, m.alert.severity, m.alert.title, m.alert.evidence, m.shadow])).sort();

/** The run in `k` shards, each over its own accounts with the given peers. */
async function inShards(asOf: string, k: number, peers: RunPeers | null): Promise<RuleMatch[]> {
  const { db } = database;
  const all: RuleMatch[] = [];
  for (const shard of shardsOf(k)) {
    const accounts = await createAccountRepository(db).idsInShard(shard);
    all.push(...(await evaluateRules(db, rules, { asOf, accounts, peers })));
  }
  return all;
}

describe('a sharded run equals the whole run', () => {
  test('3 shards with the peers once per run give the whole run\'s matches, evidence included, on several days', async () => {
    const { db } = database;
    assert.ok(peerRules.size >= 10, `rules reading peers: ${[...peerRules].join(', ')}`);
    const shards = await Promise.all(shardsOf(3).map((s) => createAccountRepository(db).idsInShard(s)));
    assert.equal(shards.flat().length, 60, 'every account is in exactly one shard');
    assert.equal(new Set(shards.flat()).size, 60, 'no account is in two shards');
    assert.ok(shards.every((s) => s.length >= 10), `shard sizes ${shards.map((s) => s.length).join(' / ')}`);
    let peerMatches = 0;
    for (const day of [sim.dayOf(149), sim.dayOf(135), sim.dayOf(120)]) {
      const whole = await evaluateRules(db, rules, { asOf: day });
      const peers = await computePeers(db, rules, { asOf: day });
      assert.ok(peers, 'the pack reads peers');
      assert.deepEqual(comparable(await inShards(day, 3, peers)), comparable(whole), `the shards' matches on ${day}`);
      peerMatches += whole.filter((m) => peerRules.has(m.alert.ruleKey)).length;
    }
    // The comparison means something only where the rules that read peers match.
    assert.ok(peerMatches >= 5, `${peerMatches} matches of rules reading peers`);
  });

  test('the shards judge by the first pass\'s values: other medians give other matches', async () => {
    const { db } = database;
    const day = sim.dayOf(149);
    const peers = (await computePeers(db, rules, { asOf: day }))!;
    const markets = peers.values.markets as Record<string, number>;
    assert.ok(Object.keys(markets).length >= 5, 'the market medians are in the first pass');
    assert.ok(Object.values(markets).some((v) => v !== 0), 'some market median is not 0 on this data');
    // Every market median moved down by 0.3 (a portfolio-wide drop of 30 %): the market-adjusted
    // rules judge each account's move against it.
    const moved = { ...peers, values: { ...peers.values, markets: Object.fromEntries(Object.entries(markets).map(([k, v]) => [k, v - 0.3])) } };
    const fair = comparable(await inShards(day, 2, peers));
    const other = comparable(await inShards(day, 2, moved));
    assert.notDeepEqual(other, fair, 'other medians change what the market-adjusted rules match');
  });

  test('a shard refuses the peers of other rules (a rule changed after the first pass)', async () => {
    const { db } = database;
    const day = sim.dayOf(149);
    const fewer = rules.filter((r) => r.key !== [...peerRules][0]);
    const stale = (await computePeers(db, fewer, { asOf: day }))!;
    const [accounts] = await Promise.all(shardsOf(2).map((s) => createAccountRepository(db).idsInShard(s)));
    await assert.rejects(evaluateRules(db, rules, { asOf: day, accounts, peers: stale }), PeersChangedError);
    await assert.rejects(evaluateRules(db, rules, { asOf: day, accounts, peers: null }), PeersChangedError, 'rules that read peers, given none');
  });
});

describe('a sharded run from its stored facts', () => {
  // The run's own activities (no alert is fired: a dry run stores its matches and fires nothing).
  const activities = () => createEvaluationActivities({ db: database.db, alerts: null as never });
  const newRun = (asOf: string) => createEvaluationRepository(database.db).insertRun({ trigger: 'api', requested_by: 'test', as_of: asOf, dry_run: true });
  const storedAlerts = async (runId: number) =>
    ((await database.db('evaluation_matches').where({ run_id: runId }).select('alert')) as Array<{ alert: FireAlertInput }>).map((m) => m.alert);
  const byPair = (alerts: FireAlertInput[]) => [...alerts].sort((a, b) => `${a.ruleKey}/${a.accountId}`.localeCompare(`${b.ruleKey}/${b.accountId}`));

  test('3 shards: the peers over the stored facts are the first pass\'s, the matches the whole run\'s, evidence included; the tables go with the run', async () => {
    const { db } = database;
    const run = activities();
    for (const day of [sim.dayOf(149), sim.dayOf(128)]) {
      const runId = await newRun(day);
      await run.openShardedRun(runId);
      for (const shard of shardsOf(3)) await run.aggregateShard({ runId, shard });
      const { peers } = await run.shardPeers({ runId, of: 3 });
      const firstPass = await computePeers(db, rules, { asOf: day });
      assert.deepEqual(peers, firstPass, `the peers over the stored facts on ${day}`);
      let matched = 0;
      for (const shard of shardsOf(3)) matched += (await run.evaluateShard({ runId, shard, peers, facts: 'stored' })).matched;
      const whole = await evaluateRules(db, rules, { asOf: day });
      assert.ok(whole.some((m) => peerRules.has(m.alert.ruleKey)), `some rule reading peers matches on ${day}`);
      assert.equal(matched, whole.length, `the shards' match count on ${day}`);
      assert.deepEqual(byPair(await storedAlerts(runId)), byPair(whole.map((m) => m.alert)), `the shards' alerts on ${day}`);
      await run.finishRun({ runId });
      assert.deepEqual(await createShardFactsRepository(db).runs(), [], 'no run has stored facts once finished');
      const { rows } = await db.raw(`select count(*)::int as n from pg_class where relname like ?`, [`evaluation_facts_${runId}_%`]);
      assert.equal(rows[0].n, 0, `the facts tables of run ${runId} dropped`);
    }
  });

  test('a facts table a crash emptied is computed again, not read empty', async () => {
    const { db } = database;
    const run = activities();
    const day = sim.dayOf(149);
    const runId = await newRun(day);
    await run.openShardedRun(runId);
    for (const shard of shardsOf(3)) await run.aggregateShard({ runId, shard });
    const { peers } = await run.shardPeers({ runId, of: 3 });
    // What a crash leaves of an unlogged table: the table, with no rows.
    await db.raw(`truncate ${factsTable(runId, 0)}`);
    assert.deepEqual((await run.shardPeers({ runId, of: 3 })).peers, peers, 'the peers over every shard again, shard 0 computed again');
    await db.raw(`truncate ${factsTable(runId, 1)}`);
    const whole = await evaluateRules(db, rules, { asOf: day });
    for (const shard of shardsOf(3)) await run.evaluateShard({ runId, shard, peers, facts: 'stored' });
    assert.deepEqual(byPair(await storedAlerts(runId)), byPair(whole.map((m) => m.alert)), 'the matches of shard 1 too, its facts computed again');
    await run.finishRun({ runId });
  });

  test('a shard refuses stored facts made for other rules', async () => {
    const { db } = database;
    const day = sim.dayOf(149);
    const runId = await newRun(day);
    const shard = shardsOf(2)[0]!;
    const accounts = await createAccountRepository(db).idsInShard(shard);
    // A rule that reads no peers left out, one whose aggregates no other rule reads: the peers agree,
    // the facts do not.
    const factsKey = (rs: RuleVersion[]) => compileShardFacts(rs, { asOf: day, vocabulary: simulationVocabulary() }).factsKey;
    const left = rules.find((r) => !peerRules.has(r.key) && factsKey(rules.filter((x) => x !== r)) !== factsKey(rules));
    assert.ok(left, 'some rule has aggregates of its own');
    const fewer = rules.filter((r) => r !== left);
    const stale = await createShardFactsRepository(db).store(runId, shard, (await shardFactsQuery(db, fewer, { asOf: day, accounts }))!);
    const peers = await computePeers(db, rules, { asOf: day });
    await assert.rejects(evaluateRules(db, rules, { asOf: day, peers, facts: stale }), FactsChangedError);
    await createShardFactsRepository(db).drop([runId]);
  });

  test("the run's steps compute again, by their stored key, facts made for other rules (a rule changed after aggregateShard)", async () => {
    const { db } = database;
    const run = activities();
    const day = sim.dayOf(149);
    const runId = await newRun(day);
    await run.openShardedRun(runId);
    const factsKey = (rs: RuleVersion[]) => compileShardFacts(rs, { asOf: day, vocabulary: simulationVocabulary() }).factsKey;
    const left = rules.find((r) => !peerRules.has(r.key) && factsKey(rules.filter((x) => x !== r)) !== factsKey(rules))!;
    const fewer = rules.filter((r) => r !== left);
    const repo = createShardFactsRepository(db);
    // Shard 0 as an aggregateShard of other rules left it; shard 1 as the run's rules make it.
    const [zero, one] = shardsOf(2);
    const staleKey = (await repo.store(runId, zero!, (await shardFactsQuery(db, fewer, { asOf: day, accounts: await createAccountRepository(db).idsInShard(zero!) }))!)).key;
    await run.aggregateShard({ runId, shard: one! });
    const { peers } = await run.shardPeers({ runId, of: 2 });
    assert.deepEqual(peers, await computePeers(db, rules, { asOf: day }), 'the peers over the facts, shard 0 computed again');
    const keys = await db('evaluation_shard_facts').where({ run_id: runId }).orderBy('shard_index').pluck('facts_key');
    assert.ok(keys[0] !== staleKey && keys[0] === keys[1], 'shard 0 stored again under the run\'s rules\' key');
    // Stale again before its evaluation: evaluateShard computes it again too.
    await repo.store(runId, zero!, (await shardFactsQuery(db, fewer, { asOf: day, accounts: await createAccountRepository(db).idsInShard(zero!) }))!);
    for (const shard of shardsOf(2)) await run.evaluateShard({ runId, shard, peers, facts: 'stored' });
    const whole = await evaluateRules(db, rules, { asOf: day });
    assert.deepEqual(byPair(await storedAlerts(runId)), byPair(whole.map((m) => m.alert)), "the shards' alerts are the whole run's");
    await run.finishRun({ runId });
  });

  test("a shard's leaves over users, tickets and touchpoints read its own accounts only; other queries' text is as before", () => {
    const day = sim.dayOf(149);
    const vocabulary = simulationVocabulary();
    const shard = compileRules(rules, { asOf: day, vocabulary, peers: 'given', facts: { tables: ['evaluation_facts_1_0'] } }).sql;
    const ctes = [...shard.matchAll(/\n(\w+) as \(\n  select[\s\S]*?\n  (?:group|order) by [^\n]*\)/g)].filter((m) => /from (users u|support_tickets t|touchpoints t)\b/.test(m[0]));
    assert.ok(ctes.length >= 3, `the pack's CTEs over users, tickets and touchpoints: ${ctes.map((m) => m[1]).join(', ')}`);
    for (const [text, name] of ctes) assert.match(text, /\.account_id in \(select f\.id from facts f\)/, `${name} reads the shard's accounts only`);
    for (const sql of [compileRules(rules, { asOf: day, vocabulary }).sql, compileRules(rules, { asOf: day, vocabulary, someAccounts: true }).sql]) {
      assert.doesNotMatch(sql, /in \(select f\.id from facts f\)|__in_shard/, 'the whole run reads every account, no token left');
    }
  });
});
