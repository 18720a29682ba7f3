// Each test file gets its own fresh PostgreSQL database, migrated, and drops it at the end.
import { randomBytes } from 'node:crypto';
import { createDb, dropDatabase, ensureDatabase, migrate, type Db } from '../../runtime/db.js';

const BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const u = new URL(BASE);
  u.pathname = `/ua_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = u.toString();
  await ensureDatabase(url);
  const db = createDb(url);
  await migrate(db);
  return {
    url,
    db,
    async drop() {
      await db.destroy();
      await dropDatabase(url);
    },
  };
}
