// The Usage Health Score formula on hand-computed cases (see domain/healthScore.ts for the formula).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { healthBand, healthScore, type HealthInputs } from '../../domain/usage/healthScore.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rng } from '../../dev/simulation/simulator.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

describe('healthScore', () => {
  test('each component at its documented weight: 30 + 30 + 10 + 5 = 75, healthy', () => {
    // seat: 8/10 = 0.8 → 0.8/0.8 = 1 → 30; engagement: 7/10 = 0.7 → 1 → 30;
    // breadth: 5/10 → 10; depth: 1/4 → 5.
    const h = healthScore({ seatsUsed: 8, seatLimit: 10, wau: 7, featuresUsed: 5, totalFeatures: 10, powerActions: 1, totalActions: 4 });
    assert.deepEqual(h.components, { seat: 30, engagement: 30, breadth: 10, depth: 5 });
    assert.equal(h.score, 75);
    assert.equal(h.band, 'healthy');
  });

  test('partial utilization: 15 + 8.571 + 5 + 0 = 28.57 → 29, at risk', () => {
    // seat: 4/10 = 0.4 → 0.5·30 = 15; engagement: 2/10 = 0.2 → 0.2/0.7·30 = 8.5714;
    // breadth: 3/12 → 5; depth: no actions → 0.
    const h = healthScore({ seatsUsed: 4, seatLimit: 10, wau: 2, featuresUsed: 3, totalFeatures: 12, powerActions: 0, totalActions: 0 });
    close(h.components.seat, 15);
    close(h.components.engagement, (0.2 / 0.7) * 30);
    close(h.components.breadth, 5);
    assert.equal(h.components.depth, 0);
    assert.equal(h.score, 29);
    assert.equal(h.band, 'at_risk');
  });

  test('developing: 22.5 + 12.857 + 4 + 4 = 43.36 → 43', () => {
    const h = healthScore({ seatsUsed: 6, seatLimit: 10, wau: 3, featuresUsed: 2, totalFeatures: 10, powerActions: 2, totalActions: 10 });
    close(h.components.seat, 22.5);
    close(h.components.engagement, (0.3 / 0.7) * 30);
    assert.equal(h.score, 43);
    assert.equal(h.band, 'developing');
  });

  test('over-use is capped: seats above the limit and WAU above 70 % still give 30 each → 100', () => {
    const h = healthScore({ seatsUsed: 12, seatLimit: 10, wau: 9, featuresUsed: 10, totalFeatures: 10, powerActions: 10, totalActions: 10 });
    assert.equal(h.score, 100);
    assert.equal(h.band, 'expansion_ready');
  });

  test('without a seat limit: no seat points, engagement measured against seats in use', () => {
    // engagement: 5/5 = 1 → capped 30; nothing else.
    const h = healthScore({ seatsUsed: 5, seatLimit: null, wau: 5, featuresUsed: 0, totalFeatures: 0, powerActions: 0, totalActions: 0 });
    assert.deepEqual(h.components, { seat: 0, engagement: 30, breadth: 0, depth: 0 });
    assert.equal(h.score, 30);
  });

  test('a silent account scores 0', () => {
    const h = healthScore({ seatsUsed: 0, seatLimit: 25, wau: 0, featuresUsed: 0, totalFeatures: 8, powerActions: 0, totalActions: 0 });
    assert.equal(h.score, 0);
    assert.equal(h.band, 'at_risk');
  });
});

describe('healthBand', () => {
  test('band edges', () => {
    assert.equal(healthBand(100), 'expansion_ready');
    assert.equal(healthBand(80), 'expansion_ready');
    assert.equal(healthBand(79), 'healthy');
    assert.equal(healthBand(60), 'healthy');
    assert.equal(healthBand(59), 'developing');
    assert.equal(healthBand(40), 'developing');
    assert.equal(healthBand(39), 'at_risk');
    assert.equal(healthBand(0), 'at_risk');
  });
});

describe('usage_health_score(), the formula in SQL the daily recomputation uses', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  test('agrees with healthScore() on 5,000 random inputs and the hand-computed cases', async () => {
    const r = rng(42);
    const int = (hi: number) => Math.floor(r() * (hi + 1));
    const cases: HealthInputs[] = [
      { seatsUsed: 8, seatLimit: 10, wau: 7, featuresUsed: 5, totalFeatures: 10, powerActions: 1, totalActions: 4 },
      { seatsUsed: 5, seatLimit: null, wau: 5, featuresUsed: 0, totalFeatures: 0, powerActions: 0, totalActions: 0 },
      { seatsUsed: 12, seatLimit: 10, wau: 9, featuresUsed: 10, totalFeatures: 10, powerActions: 10, totalActions: 10 },
      // Exactly .5 before rounding (15 + 0 + 10 + 0.5): both must round half up to 26.
      { seatsUsed: 4, seatLimit: 10, wau: 0, featuresUsed: 1, totalFeatures: 2, powerActions: 1, totalActions: 40 },
    ];
    for (let i = 0; i < 5000; i++) {
      const seatLimit = r() < 0.1 ? null : r() < 0.05 ? 0 : 1 + int(200);
      const seatsUsed = int(seatLimit ?? 50);
      const totalActions = int(500);
      cases.push({ seatsUsed, seatLimit, wau: int(seatsUsed), featuresUsed: int(12), totalFeatures: int(12), powerActions: int(totalActions), totalActions });
    }
    const column = (k: keyof HealthInputs) => cases.map((c) => c[k]);
    const { rows } = await database.db.raw(
      `select usage_health_score(s, l, w, f, t, p, a) as score
       from unnest(?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[]) with ordinality as x(s, l, w, f, t, p, a, i)
       order by i`,
      [column('seatsUsed'), column('seatLimit'), column('wau'), column('featuresUsed'), column('totalFeatures'), column('powerActions'), column('totalActions')] as never,
    );
    assert.equal(rows.length, cases.length);
    assert.equal(healthScore(cases[3]!).score, 26);
    const differ = cases.map((c, i) => ({ c, ts: healthScore(c).score, sql: rows[i].score })).filter((x) => x.ts !== x.sql);
    assert.deepEqual(differ.slice(0, 5), []);
  });
});
