// Loads a simulated world into the database through the real intake (the same ingest service the
// tracking API uses), so demo data exercises every path; writes the ground truth alongside.
import { writeFile } from 'node:fs/promises';
import type { Db } from '../../runtime/db.js';
import type { Simulation } from './simulator.js';
import { createIngestService } from '../../services/usage/ingest.js';
import { closeDays } from '../../services/usage/dailyMetrics.js';

export interface LoadResult {
  accounts: number;
  events: number;
  rejected: number;
  seconds: number;
}

/** The vendor's team (owners and managers): groups name their owner, who must exist. */
export async function loadTeam(db: Db, sim: Simulation) {
  // Managers first: a member's manager must exist.
  const team = [...sim.teamMembers].sort((a, b) => Number(a.managerId !== null) - Number(b.managerId !== null));
  for (const m of team) {
    await db('team_members')
      .insert({ id: m.id, name: m.name, email: m.email, role: m.role, manager_id: m.managerId })
      .onConflict('id')
      .merge();
  }
}

export async function loadSimulation(db: Db, sim: Simulation, opts: { truthFile?: string; batchSize?: number } = {}): Promise<LoadResult> {
  const t0 = performance.now();
  const batchSize = opts.batchSize ?? 2000;
  await loadTeam(db, sim);
  const ingest = createIngestService(db);
  let rejected = 0;
  let events = 0;
  const send = async (messages: unknown[]) => {
    for (let i = 0; i < messages.length; i += batchSize) {
      const result = await ingest.ingest(messages.slice(i, i + batchSize), { sourceId: null });
      rejected += result.rejected.length;
      events += result.stored;
    }
  };
  await send(sim.groupMessages());
  await send(sim.identifyMessages());
  // Tickets straight into the table: no alert workflows exist yet to be told about them.
  if (sim.tickets.length > 0) {
    await db('support_tickets')
      .insert(sim.tickets.map((t) => ({ id: t.id, account_id: t.accountId, priority: t.priority, status: t.status, subject: t.subject, closed_at: t.status === 'closed' ? db.fn.now() : null })))
      .onConflict('id')
      .ignore();
  }
  let pending: unknown[] = [];
  for (const dayOfAccount of sim.trackMessages()) {
    pending.push(...dayOfAccount);
    if (pending.length >= batchSize) {
      await send(pending);
      pending = [];
    }
  }
  await send(pending);
  // Churns within the period, as a CRM sync would report them: a group call marking the account
  // churned on its day, through the intake like the rest, which records the account outcome.
  await send(
    sim.truth.flatMap((t) => {
      if (t.churnDay === null || t.churnDay > sim.options.endDay) return [];
      const acc = sim.accounts.find((a) => a.id === t.accountId)!;
      return [{ type: 'group', messageId: `sim-${sim.options.seed}-churn-${acc.id}`, userId: acc.users[0]!.id, groupId: acc.id, timestamp: `${t.churnDay}T12:00:00Z`, traits: { status: 'churned', churned_at: t.churnDay } }];
    }),
  );
  // Quiet days (weekends, vacations) get their windows and health score like any other day.
  await closeDays(db, sim.dayOf(0), sim.options.endDay);
  if (opts.truthFile) await writeFile(opts.truthFile, JSON.stringify({ options: sim.options, truth: sim.truth }, null, 2));
  return { accounts: sim.accounts.length, events, rejected, seconds: (performance.now() - t0) / 1000 };
}

/** For `npm start`: a small living instance on an empty database, so a new user sees data at once. */
export async function seedDemoIfEmpty(db: Db, createSim: () => Simulation): Promise<LoadResult | null> {
  if (await db('accounts').first('id')) return null;
  return loadSimulation(db, createSim());
}
