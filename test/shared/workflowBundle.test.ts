// The workflow bundle holds only what workflows need: no zod (its schemas live in domain/*/schemas.ts,
// which workflow code imports for types only), so a schema change never touches replay-sensitive code
// and the bundle stays small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workflowBundle } from '../support/temporal.js';

test('the workflow bundle contains no zod', async () => {
  const { code } = await workflowBundle();
  const modules = [...code.matchAll(/node_modules\/([@a-z0-9._-]+(?:\/[a-z0-9._-]+)?)\//gi)].map((m) => m[1]!);
  assert.ok(modules.some((m) => m.startsWith('@temporalio/')), 'the bundle names its modules (otherwise this test proves nothing)');
  assert.deepEqual([...new Set(modules.filter((m) => m === 'zod' || m.startsWith('zod/')))], []);
});
