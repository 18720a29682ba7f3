// The alert repository's lifecycle write, on a real PostgreSQL: a transition is one statement now
// (the timeline entry in a CTE, the row updated only when the entry is new), so it must still write
// each step once when a retried activity repeats it, and write nothing when the database refuses
// the row's change (no timeline entry without its row change, as with the old transaction).
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
