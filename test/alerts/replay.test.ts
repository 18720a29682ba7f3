// The safety net for long-lived workflows: histories recorded from real runs of every alert
// lifecycle path and of an evaluation run (test/fixtures/histories, written by
// dev/recordHistories.ts) must replay against the current workflow code, and so must the histories
// recorded before a patched change (its subfolders, e.g. before-local-writes/: workflows started
// then still run the old path). A change that reorders,
// adds or drops a command (an activity, a timer, a search-attribute upsert) would break the
// workflows already running in production; here it fails with a nondeterminism error instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { workflowBundle } from '../support/temporal.js';
import { historiesDir, SCENARIOS } from '../../dev/recordHistories.js';

test('every recorded history replays against the current workflow code', async () => {
  const entries = await readdir(historiesDir, { withFileTypes: true });
  const current = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name);
  assert.deepEqual(current.sort(), Object.keys(SCENARIOS).map((name) => `${name}.json`).sort(), 'one fixture per recorded scenario');
  const older = await Promise.all(
    entries.filter((e) => e.isDirectory()).map(async (d) => (await readdir(join(historiesDir, d.name))).filter((f) => f.endsWith('.json')).map((f) => `${d.name}/${f}`)),
  );
  assert.ok(older.flat().length > 0, 'the histories recorded before the alert-local-writes patch are replayed too');
  const files = [...current, ...older.flat()].sort();

  const histories = await Promise.all(
    files.map(async (file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(await readFile(join(historiesDir, file), 'utf8'))),
    })),
  );
  const failures: string[] = [];
  const replayed: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    replayed.push(result.workflowId);
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  assert.deepEqual(failures, []);
  // Sorted alike (a name that is another's prefix sorts differently with '.json' after it).
  assert.deepEqual(replayed.sort(), files.map((f) => f.replace(/\.json$/, '')).sort());
});
