// PostgreSQL access: one knex pool per process, and the migration runner shared by start-up and tests.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { fileURLToPath } from 'node:url';

// bigint (count(*), bigserial ids) as JS numbers: ids stay far below 2^53 and JSON stays simple.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric (averages, ratios) as numbers for the same reason.
pg.types.setTypeParser(1700, (v) => Number(v));
// `date` columns as 'YYYY-MM-DD' strings: a calendar day has no time zone to get wrong.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Knex;

export function createDb(databaseUrl: string, pool = { min: 0, max: 10 }): Db {
  return knexFactory({ client: 'pg', connection: databaseUrl, pool });
}

const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir, loadExtensions: ['.ts'] });
}

/** Runs `fn` with a connection to the server's maintenance database, and the name in `databaseUrl`. */
async function withServer<T>(databaseUrl: string, fn: (client: pg.Client, name: string) => Promise<T>): Promise<T> {
  const u = new URL(databaseUrl);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await fn(client, name);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database named in the URL if it does not exist (local start and tests). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  await withServer(databaseUrl, async (client, name) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${quoteIdent(name)}`);
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await withServer(databaseUrl, (client, name) => client.query(`drop database if exists ${quoteIdent(name)} with (force)`).then(() => undefined));
}
