// Replays a simulated world into a database day by day, through the product's own intake: the
// ingest service (the code behind /v1/batch) for the days under test, and for a history prefix, where
// the intake is not what is measured, a COPY of the rows the intake would store followed by one
// rebuild of the daily metrics (what the bulk upload does, without re-validating). Facts
// (group and identify calls: sign-ups, joiners, expansions, renewals, churn) always go through the
// ingest service on their own day, so the accounts table holds on each day what was true that day.
// After each replayed day the day is closed as an evaluation run closes it, and `onDay` runs: an
// evaluation as of that day never sees facts or events from its future.
import { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import type { Simulation } from './simulator.js';
import { createIngestService, type IngestResult } from '../../services/usage/ingest.js';
import { createUsageRepository } from '../../services/usage/usageRepository.js';
import { closeDays, rebuildAllDays } from '../../services/usage/dailyMetrics.js';
import { measureEvent } from '../../domain/usage/usageEvents.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
import { createTicketRepository } from '../../services/accounts/ticketRepository.js';
import { insertTouchpoints } from '../../services/accounts/touchpoints.js';

export interface ReplayOptions {
  /** Days with an index below this go in as bulk history (events by bulk upload, facts through the
   * intake), then are closed at once; 0 replays every day through the intake. */
  bulkUntil?: number;
  /** Messages per ingest call (in-process, so larger than /v1/batch's 500 KB allows is fine). */
  batchSize?: number;
  /** Called after day `index` is ingested and closed. */
  onDay?: (index: number, day: string) => Promise<void>;
}

export interface ReplayResult {
  events: number;
  rejected: number;
  seconds: { bulk: number; ingest: number; onDay: number };
}

type Track = { messageId: string; timestamp: string; event: string; userId?: string; anonymousId?: string; properties: unknown; context: { groupId: string } };

/** The vendor's team (owners and managers): groups name their owner, who must exist. */
export async function loadTeam(db: Db, sim: Simulation) {
  // Managers first: a member's manager must exist.
  const team = [...sim.teamMembers].sort((a, b) => Number(a.managerId !== null) - Number(b.managerId !== null));
  await createTeamRepository(db).upsertUnchecked(team.map((m) => ({ id: m.id, name: m.name, email: m.email, role: m.role, manager_id: m.managerId })));
}

/** Support tickets opened on a day (or before the first day), with their real close times (rules
 * read tickets as of a day, so a close time in the future of an evaluation does not show in it), and
 * the touchpoints recorded that day. */
async function loadDayRecords(db: Db, sim: Simulation, day: string | null) {
  const recorded = sim.touchpoints.filter((t) => (day === null ? t.occurredAt.slice(0, 10) < sim.dayOf(0) : t.occurredAt.slice(0, 10) === day));
  await insertTouchpoints(db, recorded.map((t) => ({ account_id: t.accountId, kind: t.kind, occurred_at: t.occurredAt, recorded_by: t.recordedBy, source: 'simulation' })));
  const opened = sim.tickets.filter((t) => (day === null ? t.openedAt.slice(0, 10) < sim.dayOf(0) : t.openedAt.slice(0, 10) === day));
  await createTicketRepository(db).insertMany(opened.map((t) => ({ id: t.id, account_id: t.accountId, priority: t.priority, status: t.status, subject: t.subject, opened_at: t.openedAt, closed_at: t.closedAt })));
}

export async function replaySimulation(db: Db, sim: Simulation, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const batchSize = opts.batchSize ?? 5000;
  const bulkUntil = Math.min(opts.bulkUntil ?? 0, sim.options.days);
  const ingest = createIngestService(db);
  const result: ReplayResult = { events: 0, rejected: 0, seconds: { bulk: 0, ingest: 0, onDay: 0 } };
  const tally = (r: IngestResult) => {
    result.events += r.stored;
    result.rejected += r.rejected.length;
    if (r.rejected.length > 0 && result.rejected <= r.rejected.length) console.error('rejected messages, first:', JSON.stringify(r.rejected.slice(0, 3)));
  };
  const send = async (messages: unknown[]) => {
    for (let i = 0; i < messages.length; i += batchSize) tally(await ingest.ingest(messages.slice(i, i + batchSize), { sourceId: null }));
  };

  await loadTeam(db, sim);
  await send(sim.setupMessages());
  await loadDayRecords(db, sim, null);

  // History: facts day by day through the intake, events by COPY in chunks of days.
  let t0 = performance.now();
  const CHUNK = 20;
  for (let from = 0; from < bulkUntil; from += CHUNK) {
    const to = Math.min(bulkUntil, from + CHUNK);
    for (let i = from; i < to; i++) {
      await send(sim.accounts.flatMap((acc) => sim.changesFor(acc, i)));
      await loadDayRecords(db, sim, sim.dayOf(i));
    }
    // Valid by construction, so straight into usage_events by COPY (what the bulk upload does
    // after validating), then the days are built once at the end of the history.
    const rows = (async function* () {
      for (let i = from; i < to; i++) {
        for (const acc of sim.accounts) {
          for (const m of sim.eventsFor(acc, i) as Track[]) {
            const x = measureEvent(m.event, m.properties as Parameters<typeof measureEvent>[1]);
            yield [m.messageId, m.context.groupId, m.userId ?? null, m.anonymousId ?? null, m.event, m.timestamp, m.properties,
              x.isLogin, x.sessionMinutes, x.feature, x.actionKind, x.apiCalls, x.storageUsed];
          }
        }
      }
    })();
    result.events += await createUsageRepository(db).copyEvents(rows);
  }
  if (bulkUntil > 0) {
    await createUsageRepository(db).catalogueStoredFeatures();
    await rebuildAllDays(db);
  }
  if (bulkUntil > 0) await closeDays(db, sim.dayOf(0), sim.dayOf(bulkUntil - 1));
  result.seconds.bulk = (performance.now() - t0) / 1000;

  for (let i = bulkUntil; i < sim.options.days; i++) {
    t0 = performance.now();
    const day = sim.dayOf(i);
    await send(sim.messagesForDay(i));
    await loadDayRecords(db, sim, day);
    // As an evaluation run does before it evaluates: quiet days get their row and windows.
    await closeDays(db, day, day);
    result.seconds.ingest += (performance.now() - t0) / 1000;
    if (opts.onDay) {
      t0 = performance.now();
      await opts.onDay(i, day);
      result.seconds.onDay += (performance.now() - t0) / 1000;
    }
  }
  return result;
}
