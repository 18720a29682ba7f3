// Daily-metrics benchmark at warehouse scale: N accounts × D days of simulated events COPY'd in,
// then the full rebuild of daily_account_metrics, then the incremental cost of one new day's events
// (through the ingest service, and the recomputation alone), then the account reads: the metrics of
// every account (what GET /accounts computed for any page before its keyset cursor) against one
// 100-account page past the middle as GET /accounts now reads it, and one account's detail
// (GET /accounts/:id).
//   node --import tsx bench/metrics.ts --accounts 10000 --days 90
import { parseArgs } from 'node:util';
import { createSimulation } from '../dev/simulation/simulator.js';
import { createIngestService } from '../services/usage/ingest.js';
import { rebuildAllDays, recomputeDays } from '../services/usage/dailyMetrics.js';
import { measureEvent } from '../domain/usage/usageEvents.js';
import { accountMetrics } from '../services/usage/accountMetrics.js';
import { createDirectoryService } from '../services/accounts/directory.js';
import { listAccounts } from '../services/accounts/accountListing.js';
import { benchDatabase, copyEvents, fmt, seconds } from './common.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    days: { type: 'string', default: '90' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    // The new day's cost against the event table's size alone: no day rows before it, so its
    // recomputation reads no 30-day window (and a large history needs no rebuild first).
    'skip-rebuild': { type: 'boolean', default: false },
  },
});
const days = Number(values.days);
const sim = createSimulation({ accounts: Number(values.accounts), days: days + 1, seed: Number(values.seed), endDay: new Date().toISOString().slice(0, 10) });
const bench = await benchDatabase();
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// The simulator's messages are valid by construction: map them straight to rows (what the intake stores).
type Track = { messageId: string; userId: string; event: string; timestamp: string; properties: Record<string, unknown>; context: { groupId: string } };
function* rows(): Generator<unknown[]> {
  for (let i = 0; i < days; i++) {
    for (const acc of sim.accounts) {
      for (const m of sim.eventsFor(acc, i) as Track[]) {
        const x = measureEvent(m.event, m.properties as never);
        yield [m.messageId, m.context.groupId, m.userId, null, m.event, m.timestamp, m.properties, x.isLogin, x.sessionMinutes, x.feature, x.actionKind, x.apiCalls, x.storageUsed];
      }
    }
  }
}

try {
  log(`${sim.accounts.length} accounts × ${days} days: generating and COPYing events`);
  let t0 = performance.now();
  const events = await copyEvents(bench.db, rows());
  const copySecs = seconds(t0);
  log(`COPY ${fmt(events)} events in ${copySecs.toFixed(1)} s (${fmt(events / copySecs)} rows/s, generation included)`);
  await bench.db.raw('analyze usage_events');

  t0 = performance.now();
  const accountDays = values['skip-rebuild'] ? 0 : await rebuildAllDays(bench.db);
  const rebuildSecs = seconds(t0);
  log(`full rebuild: ${fmt(accountDays)} account-days in ${rebuildSecs.toFixed(1)} s`);

  const lastDay = sim.accounts.flatMap((acc) => sim.eventsFor(acc, days));
  const ingest = createIngestService(bench.db);
  t0 = performance.now();
  for (let i = 0; i < lastDay.length; i += 1500) await ingest.ingest(lastDay.slice(i, i + 1500), { sourceId: null });
  const incrementalSecs = seconds(t0);
  log(`one new day: ${fmt(lastDay.length)} events ingested with incremental metrics in ${incrementalSecs.toFixed(1)} s`);

  const day = sim.dayOf(days);
  t0 = performance.now();
  const recomputed = await recomputeDays(bench.db, sim.accounts.map((a) => ({ accountId: a.id, day })));
  log(`recomputing that day's ${fmt(recomputed)} account-days alone: ${seconds(t0).toFixed(2)} s`);
  // The events name their accounts; give them account rows (with a seat limit) to read.
  await bench.db.raw(`insert into accounts (id, name, seat_limit) select distinct account_id, account_id, 50 from daily_account_metrics on conflict do nothing`);
  await bench.db.raw('analyze');
  t0 = performance.now();
  const all = await accountMetrics(bench.db, {}, day);
  const allSecs = seconds(t0);
  log(`metrics of all ${fmt(all.size)} accounts (every GET /accounts page before its cursor): ${allSecs.toFixed(2)} s`);
  const middle = [...all.keys()][Math.floor(all.size / 2)];
  t0 = performance.now();
  const page = await listAccounts(bench.db, { asOf: day, limit: 100, after: middle });
  const pageSecs = seconds(t0);
  log(`a GET /accounts page of ${page.items.length} past the middle (keyset, no HTTP): ${(pageSecs * 1000).toFixed(0)} ms, ${(allSecs / pageSecs).toFixed(1)}× less than all`);
  t0 = performance.now();
  await createDirectoryService(bench.db).getAccount(sim.accounts[0]!.id, day);
  log(`one account's detail (GET /accounts/:id, no HTTP): ${(seconds(t0) * 1000).toFixed(0)} ms`);
  console.log(
    JSON.stringify({ accounts: sim.accounts.length, days, events, copySecs, accountDays, rebuildSecs, newDayEvents: lastDay.length, incrementalSecs }),
  );
} finally {
  if (values.keep) log(`kept database ${bench.url}`);
  else await bench.drop();
}
