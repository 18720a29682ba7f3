// The seeded simulator: deterministic, shaped as documented (churn decays to nothing, weekends are
// quiet), and its output loads through the real intake without a rejected message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createSimulation, type SimulationOptions } from '../../dev/simulation/simulator.js';
import { loadSimulation } from '../../dev/simulation/demoLoader.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const opts = { accounts: 40, days: 70, endDay: '2026-10-31', seed: 7 };

describe('simulator', () => {
  test('the same seed gives the same world, another seed another', () => {
    const a = createSimulation(opts);
    const b = createSimulation(opts);
    assert.deepEqual(a.truth, b.truth);
    assert.deepEqual([...a.trackMessages()].slice(0, 50), [...b.trackMessages()].slice(0, 50));
    assert.notDeepEqual(createSimulation({ ...opts, seed: 8 }).truth, a.truth);
  });

  test('has every trajectory, and ground truth for each account', () => {
    const sim = createSimulation({ ...opts, accounts: 200 });
    assert.equal(sim.truth.length, 200);
    for (const t of ['stable', 'churning', 'expanding', 'onboarding', 'trial'] as const) assert.ok(sim.truth.some((x) => x.trajectory === t), t);
    assert.ok(sim.truth.filter((x) => x.trajectory === 'churning').every((x) => x.churnDay !== null && x.churnShape !== null), 'sim.truth.filter((x) => x.trajectory === \'churning\').every((x) => x.churnDay !== null && x.churnShape !==...');
    assert.ok(sim.truth.filter((x) => x.trajectory === 'expanding').every((x) => x.expansions.length === 1), 'sim.truth.filter((x) => x.trajectory === \'expanding\').every((x) => x.expansions.length === 1)');
  });

  test('churned accounts go silent on their churn day and fade before it; weekends are quieter', () => {
    const days = 200;
    const sim = createSimulation({ ...opts, accounts: 120, days });
    const churned = sim.accounts.filter((a) => a.churnIndex !== null && a.churnIndex < days && a.declineStart !== null && a.declineStart >= 7);
    assert.ok(churned.length > 0, 'churned.length > 0');
    let early = 0;
    let late = 0;
    for (const acc of churned) {
      for (let i = acc.churnIndex!; i < days; i++) assert.equal(sim.eventsFor(acc, i).length, 0);
      for (let k = 1; k <= 7; k++) {
        early += sim.eventsFor(acc, acc.declineStart! - k).length;
        late += sim.eventsFor(acc, acc.churnIndex! - k).length;
      }
    }
    assert.ok(late < early * 0.7, `${late} events in the last weeks before churn vs ${early} before the declines began`);
    let weekday = 0;
    let weekend = 0;
    for (let i = 0; i < 70; i++) {
      const dow = new Date(`${sim.dayOf(i)}T00:00:00Z`).getUTCDay();
      const n = sim.accounts.reduce((s, acc) => s + sim.eventsFor(acc, i).length, 0);
      if (dow === 0 || dow === 6) weekend += n / 2;
      else weekday += n / 5;
    }
    assert.ok(weekend < weekday * 0.5, `weekend ${weekend} vs weekday ${weekday}`);
  });
});

// Run on both worlds: the alternative world moves what is arbitrary, not what the labels mean.
for (const world of ['default', 'alt'] as const) describe(`the labels are consistent with the world they label (world ${world})`, () => {
  const days = 255;
  const sim = createSimulation({ accounts: 150, days, endDay: '2026-11-30', seed: 5, world });
  const groupsOn = (acc: (typeof sim.accounts)[number], i: number) =>
    (sim.changesFor(acc, i) as Array<{ type: string; traits?: Record<string, unknown> }>).filter((m) => m.type === 'group' && m.traits);

  test('a churn falls on a renewal date, says so through the intake, and nothing is sent after it', () => {
    const churned = sim.accounts.filter((a) => a.churnIndex !== null && a.churnIndex > 0 && a.churnIndex < days);
    assert.ok(churned.length >= 5, 'churned.length >= 5');
    for (const acc of churned) {
      const c = acc.churnIndex!;
      assert.equal(sim.factsOn(acc, c).status, 'churned');
      assert.equal(groupsOn(acc, c)[0]?.traits?.status, 'churned', acc.id);
      // The day before, the account's renewal date was its churn day: a contract not renewed.
      assert.equal(sim.renewalDayOn(acc, c - 1), sim.dayOf(c), acc.id);
      for (let i = c; i < Math.min(days, c + 20); i++) assert.deepEqual(sim.eventsFor(acc, i), [], `${acc.id} day ${i}`);
    }
  });

  test('an expansion changes the account\'s facts on its day, and seat growth fills the seats first', () => {
    const expanded = sim.accounts.filter((a) => a.expansion !== null && a.expansion.index > 0 && a.expansion.index < days);
    assert.ok(expanded.length >= 5, 'expanded.length >= 5');
    for (const acc of expanded) {
      const e = acc.expansion!;
      const [g] = groupsOn(acc, e.index);
      assert.ok(g, `${acc.id}: a group call on the expansion day`);
      const before = sim.factsOn(acc, e.index - 1);
      const after = sim.factsOn(acc, e.index);
      assert.ok(after.arr > before.arr, `${acc.id}: ARR grows`);
      if (e.shape === 'seat_growth') {
        assert.ok(after.seatLimit > before.seatLimit, 'after.seatLimit > before.seatLimit');
        const present = acc.people.filter((p) => p.join <= e.index - 1 && (p.leave === null || p.leave > e.index - 1)).length;
        assert.ok(present >= 0.85 * before.seatLimit, `${acc.id}: ${present} people of ${before.seatLimit} seats before buying more`);
      }
      if (e.shape === 'premium_features') assert.notEqual(after.tier, before.tier);
      if (e.shape === 'api_growth') assert.ok(after.apiLimit! > before.apiLimit!, 'after.apiLimit! > before.apiLimit!');
      if (e.shape === 'storage_growth') assert.ok(after.storageLimit! > before.storageLimit!, 'after.storageLimit! > before.storageLimit!');
    }
  });

  test('hard negatives are what they say: small accounts are small, lapsed trials go quiet, holidays dip many accounts at once', () => {
    for (const acc of sim.accounts.filter((a) => a.kinds.has('small_stable'))) assert.ok(acc.people.filter((p) => p.join <= 0).length <= 3, 'acc.people.filter((p) => p.join <= 0).length <= 3');
    for (const acc of sim.accounts.filter((a) => a.trialEnd !== null && !a.trialConverts && a.trialEnd + 4 < days)) {
      assert.deepEqual(sim.eventsFor(acc, acc.trialEnd! + 4), []);
      assert.equal(sim.truth.find((t) => t.accountId === acc.id)!.churnDay, null, 'a lapsed trial is not a churn');
    }
    // Thanksgiving 2026 (Thursday 11-26) against the Thursday before, for US accounts only.
    const us = sim.accounts.filter((a) => a.region === 'us');
    const count = (day: string) => us.reduce((n, a) => n + sim.eventsFor(a, days - 1 - Math.round((Date.parse('2026-11-30') - Date.parse(day)) / 86_400_000)).length, 0);
    assert.ok(count('2026-11-26') < 0.3 * count('2026-11-19'), `${count('2026-11-26')} events on Thanksgiving vs ${count('2026-11-19')}`);
    const thanksgiving = days - 1 - 4;
    assert.ok(us.every((a) => sim.contextAt(a, thanksgiving).includes('holiday')), 'us.every((a) => sim.contextAt(a, thanksgiving).includes(\'holiday\'))');
  });

  test('a temporary dip is a dip: logins fall during it and come back after it, and it is labelled', () => {
    const dipped = sim.accounts.filter((a) => a.dip !== null && a.dip.from >= 21 && a.dip.to + 21 < days && a.churnIndex === null);
    assert.ok(dipped.length >= 3, 'dipped.length >= 3');
    const logins = (acc: (typeof sim.accounts)[number], from: number, to: number) => {
      let n = 0;
      for (let i = from; i <= to; i++) n += (sim.eventsFor(acc, i) as Array<{ event: string }>).filter((m) => m.event === 'Logged In').length;
      return n;
    };
    let before = 0;
    let during = 0;
    let afterwards = 0;
    for (const acc of dipped) {
      const { from, to } = acc.dip!;
      before += logins(acc, from - 21, from - 1);
      during += logins(acc, from + 7, from + 27);
      afterwards += logins(acc, to + 1, to + 21);
      assert.ok(sim.contextAt(acc, to + 10).includes('temporary_dip'), 'sim.contextAt(acc, to + 10).includes(\'temporary_dip\')');
    }
    assert.ok(during < 0.7 * before, `${during} logins in the dips vs ${before} before`);
    assert.ok(afterwards > 0.8 * before, `${afterwards} logins after the dips vs ${before} before`);
  });

  test('a churn at renewal shows what precedes one, or nothing: a champion gone for good, leavers not replaced, tickets before the date', () => {
    const big = createSimulation({ accounts: 300, days: 255, endDay: '2026-11-30', seed: 11, world });
    const atRenewal = big.accounts.filter((a) => a.churnShape === 'churn_at_renewal');
    assert.ok(atRenewal.length >= 5, `${atRenewal.length} churners at renewal`);
    assert.ok(atRenewal.every((a) => a.renewalSignals !== null), 'every churner at renewal has its precursors drawn');
    const none = atRenewal.filter((a) => { const r = a.renewalSignals!; return r.championLeaves === null && r.attritionFrom === null && r.narrowFrom === null && r.tickets.length === 0; });
    assert.ok(none.length >= 1 && none.length < atRenewal.length / 2, `${none.length} of ${atRenewal.length} show nothing`);
    for (const acc of atRenewal) {
      const r = acc.renewalSignals!;
      const c = acc.churnIndex!;
      if (r.championLeaves !== null) {
        const champion = acc.people[0]!;
        assert.equal(champion.leave, r.championLeaves, acc.id);
        assert.ok(acc.people.every((p) => !p.champion || p === champion), `${acc.id}: nobody takes over`);
      }
      // Leavers before the churn are never replaced: nobody joins an account on its way out.
      assert.ok(acc.people.every((p) => p.join <= Math.max(0, acc.signupIndex)), `${acc.id}: no joiners`);
      for (const t of big.tickets.filter((x) => x.id.startsWith(`tkt-${acc.id}-pre-`))) {
        const day = big.dayOf(c);
        assert.ok(t.openedAt.slice(0, 10) < day && ['urgent', 'high'].includes(t.priority), `${t.id} before ${day}`);
      }
    }
    // Other shapes draw no precursors.
    assert.ok(big.accounts.filter((a) => a.churnShape !== 'churn_at_renewal').every((a) => a.renewalSignals === null), 'only churners at renewal');
  });

  test('metering jobs send no person: anonymousId only, or a service identity marked as a machine', () => {
    const setup = sim.setupMessages() as Array<{ type: string; userId?: string; traits?: Record<string, unknown> }>;
    const machines = new Set(setup.filter((m) => m.type === 'identify' && m.traits?.machine === true).map((m) => m.userId));
    for (const acc of sim.accounts.filter((a) => a.api !== null).slice(0, 20)) {
      const calls = (sim.eventsFor(acc, days - 3) as Array<{ event: string; userId?: string; anonymousId?: string }>).filter((m) => m.event === 'API Call');
      for (const m of calls) assert.ok(m.anonymousId !== undefined || (m.userId !== undefined && (machines.has(m.userId) || acc.signupIndex > 0)), JSON.stringify(m));
    }
  });
});

describe('worlds: the arbitrary parameters moved, the labels kept', () => {
  const base = { accounts: 300, days: 255, endDay: '2026-11-30', seed: 1 };
  /** A digest of the world's labels, a sample of its days' messages, its tickets and hard-negative context. */
  const digest = (o: SimulationOptions) => {
    const sim = createSimulation({ ...o, accounts: 60 });
    const h = createHash('sha256');
    h.update(JSON.stringify(sim.truth));
    for (let i = 0; i < o.days; i += 3) h.update(JSON.stringify(sim.messagesForDay(i)));
    h.update(JSON.stringify(sim.tickets));
    for (const a of sim.accounts) for (let i = 0; i < o.days; i += 17) h.update(sim.contextAt(a, i).join(','));
    return h.digest('hex');
  };

  test('the default world is the one every earlier figure was measured on (its draws are pinned)', () => {
    // Taken before the world parameters existed: adding them changed no draw of the default world.
    assert.equal(digest(base), 'e295f24ac64f1acd87777ca36dfc3aeefc495b169f908142311ccd36505082e2', 'the default world changed: every figure in bench/README.md was measured on it');
    assert.equal(digest({ ...base, world: 'default' }), digest(base), 'world: default is the default');
    assert.notEqual(digest({ ...base, world: 'alt' }), digest(base), 'the alternative world is another world');
  });

  test('the alternative world moves sizes, seat headroom, hard-negative shares and the calendar', () => {
    const d = createSimulation(base);
    const a = createSimulation({ ...base, world: 'alt' });
    const share = (sim: typeof d, f: (acc: (typeof d.accounts)[number]) => boolean) => sim.accounts.filter(f).length / sim.accounts.length;
    const tiny = (acc: (typeof d.accounts)[number]) => acc.people.filter((p) => p.join <= Math.max(0, acc.signupIndex)).length <= 3;
    assert.ok(share(a, tiny) < 0.7 * share(d, tiny), `accounts of 1–3 people: ${share(a, tiny)} (alt) vs ${share(d, tiny)}`);
    for (const kind of ['full_no_buy', 'temporary_dip', 'downsizing'] as const) {
      assert.ok(share(a, (x) => x.kinds.has(kind)) > 1.3 * share(d, (x) => x.kinds.has(kind)), `${kind}: ${share(a, (x) => x.kinds.has(kind))} (alt) vs ${share(d, (x) => x.kinds.has(kind))}`);
    }
    // Headroom: ordinary accounts' seat limits over their people spread wider.
    const headroom = (sim: typeof d) => sim.accounts.filter((x) => x.trajectory === 'stable' && !x.kinds.has('full_no_buy') && x.people.length >= 10).map((x) => x.seatLimit / x.people.filter((p) => p.join <= 0).length);
    assert.ok(Math.max(...headroom(a)) > Math.max(...headroom(d)) + 0.2, `widest headroom ${Math.max(...headroom(a))} (alt) vs ${Math.max(...headroom(d))}`);
    // A local holiday the default calendar does not have (Midsummer, Wednesday 2026-06-24): EU accounts dip in alt only.
    const idx = base.days - 1 - Math.round((Date.parse('2026-11-30') - Date.parse('2026-06-24')) / 86_400_000);
    const ratio = (sim: typeof d) => {
      const eu = sim.accounts.filter((x) => x.region === 'eu' && x.signupIndex < idx - 7 && x.churnIndex === null);
      const n = (i: number) => eu.reduce((s, x) => s + sim.eventsFor(x, i).length, 0);
      return n(idx) / n(idx - 7);
    };
    assert.ok(ratio(a) < 0.35, `alt: ${ratio(a)} of the Wednesday before`);
    assert.ok(ratio(d) > 0.6, `default: ${ratio(d)} of the Wednesday before`);
    assert.ok(a.accounts.filter((x) => x.region === 'eu').every((x) => a.contextAt(x, idx).includes('holiday')), 'the local holiday is labelled as one');
  });
});

describe('loading a simulation', () => {
  let database: TestDatabase;
  before(async () => (database = await createTestDatabase()));
  after(() => database.drop());

  test('every message goes through the intake and the metrics are built', async () => {
    const sim = createSimulation({ accounts: 8, days: 20, endDay: '2026-10-31', seed: 3 });
    const result = await loadSimulation(database.db, sim, { batchSize: 500 });
    assert.equal(result.rejected, 0);
    assert.ok(result.events > 0, 'result.events > 0');
    const db = database.db;
    assert.equal(Number((await db('accounts').count({ n: '*' }).first())!.n), 8);
    assert.equal(Number((await db('usage_events').count({ n: '*' }).first())!.n), result.events);
    assert.equal(Number((await db('usage_events').whereNull('account_id').count({ n: '*' }).first())!.n), 0);
    const sums = await db('daily_account_metrics').sum({ events: 'events' }).first();
    assert.equal(Number(sums!.events), result.events);
    // Loading again changes nothing: every message id is already there.
    const again = await loadSimulation(database.db, sim, { batchSize: 500 });
    assert.equal(again.events, 0);
  });
});
