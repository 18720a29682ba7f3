// API key lookups are remembered for a few seconds (services/access/apiKeys.ts): an authenticated
// request then skips a database round trip. What that may cost is bounded and pinned here: a key
// revoked in the database keeps working only until its cached lookup runs out, an unknown key is
// never remembered (a key made after a failed try works at once), and a revoked key answers null
// after the cache time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createApiKeyService, hashKey, KEY_CACHE_MS } from '../../services/access/apiKeys.js';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

describe('API key lookups', () => {
  test('a revoked key stops working once its cached lookup runs out, and no sooner than the database says', async () => {
    let clock = 1_000_000;
    const keys = createApiKeyService(t.db, { now: () => clock });
    const key = 'cached-key-0123456789';
    await keys.ensureAdminKey(key);
    assert.equal((await keys.authenticate(key))?.role, 'admin');

    await t.db('api_keys').where({ key_hash: hashKey(key) }).update({ revoked_at: t.db.fn.now() });
    clock += KEY_CACHE_MS - 1;
    assert.equal((await keys.authenticate(key))?.role, 'admin', 'within the cache time the earlier lookup answers');
    clock += 1;
    assert.equal(await keys.authenticate(key), null, 'after the cache time the revoked key must be refused');
  });

  test('an unknown key is not remembered: the same key made a moment later works at once', async () => {
    const keys = createApiKeyService(t.db, { now: () => 5_000_000 });
    const key = 'later-key-0123456789';
    assert.equal(await keys.authenticate(key), null);
    await keys.ensureAdminKey(key);
    assert.equal((await keys.authenticate(key))?.role, 'admin', 'a failed lookup must not be cached');
  });

  test('the cache saves the round trip: a second lookup within the cache time reads no row', async () => {
    const keys = createApiKeyService(t.db);
    const key = 'counted-key-0123456789';
    await keys.ensureAdminKey(key);
    let queries = 0;
    const count = () => void queries++;
    t.db.on('query', count);
    try {
      await keys.authenticate(key);
      await keys.authenticate(key);
    } finally {
      t.db.off('query', count);
    }
    assert.equal(queries, 1, `two lookups of the same key made ${queries} queries`);
  });
});
