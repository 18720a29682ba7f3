// The alert repository's lifecycle writes, on a real PostgreSQL. A transition is one statement
// (the timeline entry in a CTE, the row updated only when the entry is new), so it must still write
// each step once when a retried activity repeats it, and write nothing when the database refuses
// the row's change (no timeline entry without its row change, as with the old transaction). A fire
// is two statements (orphans closed, then the row with its entry): once per run, orphans superseded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { engineFixture } from '../support/rules.js';
import { alertInput } from '../support/stack.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

async function firedAlert(accountId: string): Promise<number> {
  await engineFixture(() => t.db, '2026-12-01').account(accountId);
  const fired = await createAlertRepository(t.db).recordFired({
    workflowId: `alert/usage_drop/${accountId}`,
    runId: `run-${accountId}`,
    alert: alertInput(accountId),
    at: '2026-12-01T10:00:00.000Z',
    ownerId: null,
    routedTo: { role: 'csm' },
  });
  return fired.alertId;
}

describe('recordTransition', () => {
  test('a step written twice (a retried local activity) changes the row and the timeline once', async () => {
    const repo = createAlertRepository(t.db);
    const alertId = await firedAlert('retry-co');
    const step = { alertId, step: 2, at: '2026-12-01T10:01:00.000Z', type: 'reconfirmed', actor: 'system', data: { n: 1 }, fields: { reconfirmed: true } };
    await repo.recordTransition(step);
    await repo.recordTransition(step);
    const row = await repo.get(alertId);
    assert.equal(row?.reconfirmed_count, 1, 'the second write of the same step must not count again');
    const timeline = await repo.timeline(alertId);
    assert.deepEqual(timeline.map((e) => e.type), ['fired', 'reconfirmed']);

    await repo.recordTransition({ alertId, step: 3, at: '2026-12-01T10:02:00.000Z', type: 'acknowledged', actor: 'api:k', data: {}, status: 'acknowledged', fields: { acknowledgedAt: '2026-12-01T10:02:00.000Z' } });
    const acked = await repo.get(alertId);
    assert.equal(acked?.status, 'acknowledged');
    assert.equal(acked?.acknowledged_at?.toISOString(), '2026-12-01T10:02:00.000Z');
    assert.equal(acked?.updated_at.toISOString(), '2026-12-01T10:02:00.000Z');
  });

  test('a row change the database refuses leaves no timeline entry behind', async () => {
    const repo = createAlertRepository(t.db);
    const alertId = await firedAlert('refused-co');
    await assert.rejects(
      repo.recordTransition({ alertId, step: 2, at: '2026-12-01T10:01:00.000Z', type: 'dismissed', actor: 'api:k', data: {}, status: 'dismissed', fields: { dismissNote: 'a\u0000b' } }),
      /0x00|invalid byte/,
    );
    assert.deepEqual((await repo.timeline(alertId)).map((e) => e.type), ['fired'], 'the refused step must not be on the timeline');
    assert.equal((await repo.get(alertId))?.status, 'fired');
  });
});

describe('recordFired', () => {
  // Two statements instead of a transaction (the orphans closed first, then the row with its
  // `fired` entry): a retry must still write once, and an orphan must still be superseded.
  const fire = (accountId: string, runId: string, at: string) =>
    createAlertRepository(t.db).recordFired({
      workflowId: `alert/usage_drop/${accountId}`,
      runId,
      alert: alertInput(accountId),
      at,
      ownerId: null,
      routedTo: { role: 'csm' },
    });

  test('a fire recorded twice (a retried first step) is one row with one fired entry', async () => {
    await engineFixture(() => t.db, '2026-12-01').account('twice-co');
    const first = await fire('twice-co', 'run-twice', '2026-12-01T10:00:00.000Z');
    const again = await fire('twice-co', 'run-twice', '2026-12-01T10:00:05.000Z');
    assert.equal(again.alertId, first.alertId, 'the retry answers the same alert');
    const rows = await t.db('alerts').where({ account_id: 'twice-co' });
    assert.equal(rows.length, 1, 'one alert row');
    const events = await t.db('alert_events').where({ alert_id: first.alertId });
    assert.deepEqual(events.map((e: { type: string; step: number }) => [e.type, e.step]), [['fired', 1]], 'one fired entry, step 1');
  });

  test("an open row of another run (a terminated workflow's) is closed as superseded; the new one is open", async () => {
    await engineFixture(() => t.db, '2026-12-01').account('orphan-co');
    const orphan = await fire('orphan-co', 'run-dead', '2026-12-01T09:00:00.000Z');
    const fresh = await fire('orphan-co', 'run-new', '2026-12-01T10:00:00.000Z');
    assert.notEqual(fresh.alertId, orphan.alertId, 'a new alert row');
    const old = await t.db('alerts').where({ id: orphan.alertId }).first();
    assert.equal(old.status, 'expired', 'the orphan is closed');
    assert.ok(old.closed_at !== null, 'with a closing time');
    const superseded = await t.db('alert_events').where({ alert_id: orphan.alertId, type: 'superseded' });
    assert.equal(superseded.length, 1, 'the orphan has one superseded entry');
    assert.deepEqual(superseded[0].data, { byRunId: 'run-new' }, 'naming the run that superseded it');
    const open = await t.db('alerts').where({ account_id: 'orphan-co' }).whereNull('closed_at');
    assert.deepEqual(open.map((r: { id: number }) => Number(r.id)), [fresh.alertId], 'only the new alert is open');
  });
});
