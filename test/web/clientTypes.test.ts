// The web app's typed client is generated from the API's OpenAPI document: the committed types
// (web/src/api/schema.d.ts) must be what the current routes generate, or the app compiles against
// an API that no longer exists. `npm run build:web` regenerates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { clientTypes } from '../../dev/webBuild.js';

test('web/src/api/schema.d.ts matches the OpenAPI document of the current routes', async () => {
  const committed = await readFile(new URL('../../web/src/api/schema.d.ts', import.meta.url), 'utf8');
  assert.ok(committed === (await clientTypes()), 'the client types are stale: run `npm run build:web` and commit web/src/api/schema.d.ts');
});
