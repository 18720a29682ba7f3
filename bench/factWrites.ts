// Benchmark: what writing account facts and traits costs (issue 10's back-dated writes go through
// account_facts_write): a bulk accounts load of three dated rows per account, the same file again,
// one intake group call per account changing facts and traits, and the same calls again (nothing new).
// Run it on two checkouts back to back for a same-run ratio; wall times on a loaded machine only
// compare within a run.
//
//   node --import tsx bench/factWrites.ts [--accounts 3000] [--tag x]
//
// Uses (and drops) its own database ua_bench_factwrites_<tag> on BENCH_PG (default
// postgres://postgres@127.0.0.1:5432).
import os from 'node:os';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createDb, dropDatabase, ensureDatabase, migrate } from '../runtime/db.js';
import { createBulkAccountService } from '../services/accounts/bulkAccounts.js';
import { createIngestService } from '../services/usage/ingest.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const accounts = Number(arg('--accounts', '3000'));
const url = `${process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432'}/ua_bench_factwrites_${arg('--tag', 'x')}`;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const file = Array.from({ length: accounts }, (_, i) =>
  [90, 60, 30].map((d, k) => JSON.stringify({ id: `a${i}`, name: `A ${i}`, seat_limit: 10 + k, arr_cents: 100_000 * (k + 1), plan: k === 2 ? 'pro' : 'starter', effective_at: daysAgo(d) })),
).flat().join('\n');
const groups = (at: string) =>
  Array.from({ length: accounts }, (_, i) => ({ type: 'group', userId: `u${i}`, groupId: `a${i}`, timestamp: at, traits: { name: `A ${i}`, seat_limit: 40, plan: 'pro', arr: 3000, region: 'emea' } }));

console.log(`command: node ${[...process.execArgv, 'bench/factWrites.ts', ...args].join(' ')}`);
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await dropDatabase(url).catch(() => undefined);
await ensureDatabase(url);
const db = createDb(url);
try {
  await migrate(db);
  const bulk = createBulkAccountService(db);
  const ingest = createIngestService(db, {}, { writers: 1 });
  const time = async (label: string, fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  };
  const inBatches = async (messages: unknown[]) => {
    for (let i = 0; i < messages.length; i += 500) await ingest.ingest(messages.slice(i, i + 500), { sourceId: null });
  };
  await time(`bulk load, ${accounts} accounts × 3 dated rows`, () => bulk.importAccounts(Readable.from(file), 'ndjson'));
  await time('the same file again', () => bulk.importAccounts(Readable.from(file), 'ndjson'));
  await time(`${accounts} group calls changing facts and traits`, () => inBatches(groups(new Date(Date.now() - 3_600_000).toISOString())));
  await time('the same calls again, later (nothing new)', () => inBatches(groups(new Date(Date.now() - 1_800_000).toISOString())));
} finally {
  await db.destroy();
  await dropDatabase(url);
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
