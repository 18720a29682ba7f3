// Start-up checks for the entry points (apiMain, workerMain, `npm start`): each part a process
// needs is tried once, within STARTUP_TIMEOUT, before anything else uses it, and a failure stops
// the process with one line naming the variable that points at the part (instead of a stack trace,
// or a start-up that hangs on a database that accepts connections and never answers).
import pg from 'pg';
import { Connection } from '@temporalio/client';
import type { Config } from './config.js';
import { parseDuration } from '../domain/shared/duration.js';

/** A part the process needs is unreachable or refuses it; the message is the one line to print. */
export class StartupError extends Error {}

/** EX_UNAVAILABLE: a service the process needs is not there. */
export const STARTUP_EXIT_CODE = 69;

/** Where a database URL points, without its credentials. */
function databaseWhere(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** The first line of an error, with its code when the message lacks it. */
function why(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: unknown[] };
  // Node reports a refused dual-stack connect as an AggregateError with an empty message.
  const message = (e.message || (e.errors?.[0] as Error | undefined)?.message || String(err)).split('\n')[0]!;
  return e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
}

/** Rejects with `onTimeout` unless `work` settles within `ms`. */
async function within<T>(ms: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** PostgreSQL at `databaseUrl` answers a query within `timeoutMs`. `server`: check the server's
 * maintenance database instead (before the app's database is created). */
export async function checkPostgres(databaseUrl: string, timeoutMs: number, opts: { server?: boolean } = {}): Promise<void> {
  const u = new URL(databaseUrl);
  if (opts.server) u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // a connection dropped after the verdict is not news
  const unanswered = () => new StartupError(`start-up error: DATABASE_URL: PostgreSQL at ${databaseWhere(u.toString())} did not answer within ${seconds(timeoutMs)}`);
  try {
    await within(timeoutMs, client.connect().then(() => client.query('select 1')), unanswered);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    const timedOut = /timeout/i.test(why(err));
    throw timedOut ? unanswered() : new StartupError(`start-up error: DATABASE_URL: PostgreSQL at ${databaseWhere(u.toString())} refused: ${why(err)}`);
  } finally {
    void client.end().catch(() => undefined);
  }
}

/** Temporal at `address` answers for `namespace` within `timeoutMs`. */
export async function checkTemporal(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const unanswered = () => new StartupError(`start-up error: TEMPORAL_ADDRESS: Temporal at ${address} did not answer within ${seconds(timeoutMs)}`);
  let connection: Connection | undefined;
  try {
    connection = await within(timeoutMs, Connection.connect({ address, connectTimeout: timeoutMs }), unanswered);
    const c = connection;
    await within(timeoutMs, c.withDeadline(Date.now() + timeoutMs, () => c.workflowService.describeNamespace({ namespace })), unanswered);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    const e = err as { code?: number; message?: string };
    // gRPC NOT_FOUND: the server answers, the namespace is not there.
    if (e.code === 5) throw new StartupError(`start-up error: TEMPORAL_NAMESPACE: Temporal at ${address} has no namespace "${namespace}"`);
    if (e.code === 4 || /deadline|timed? ?out/i.test(why(err))) throw unanswered();
    throw new StartupError(`start-up error: TEMPORAL_ADDRESS: Temporal at ${address} is unreachable: ${why(err)}`);
  } finally {
    void connection?.close().catch(() => undefined);
  }
}

/** PostgreSQL and Temporal, side by side, each within STARTUP_TIMEOUT. `databaseServer`: the server
 * only (`npm start` creates the database); `temporal: false`: no Temporal yet (`npm start` runs its own). */
export async function checkParts(
  config: Pick<Config, 'DATABASE_URL' | 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'STARTUP_TIMEOUT'>,
  opts: { databaseServer?: boolean; temporal?: boolean } = {},
): Promise<void> {
  const timeoutMs = parseDuration(config.STARTUP_TIMEOUT);
  await Promise.all([
    checkPostgres(config.DATABASE_URL, timeoutMs, { server: opts.databaseServer }),
    opts.temporal === false ? undefined : checkTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE, timeoutMs),
  ]);
}

/** Runs an entry point's start-up; a StartupError is printed as its one line and ends the process. */
export async function startOrExit<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    console.error(err.message);
    process.exit(STARTUP_EXIT_CODE);
  }
}
