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

/** Runs `fn` in a transaction whose running statement is cancelled when `signal` aborts (a
 * pg_cancel_backend from another pooled connection): a long analytic query (a backtest's chunk of
 * days) stops at once for a cancelled caller instead of running to its end for nobody. Rejects
 * with the signal's reason once aborted. Without a signal, a plain transaction. */
export async function cancellableTransaction<T>(db: Db, signal: AbortSignal | undefined, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (!signal) return db.transaction(fn);
  signal.throwIfAborted();
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw<{ rows: Array<{ pid: number }> }>('select pg_backend_pid() as pid');
    let cancelling: Promise<unknown> | undefined;
    const cancel = () => {
      cancelling = db.raw('select pg_cancel_backend(?)', [rows[0]!.pid]).catch(() => undefined);
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
      signal.throwIfAborted();
      return await fn(trx);
    } catch (err) {
      signal.throwIfAborted();
      throw err;
    } finally {
      signal.removeEventListener('abort', cancel);
      // Hold the connection until the cancel has reached the server: released earlier, it could
      // cancel the next borrower's statement instead.
      await cancelling;
    }
  });
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
