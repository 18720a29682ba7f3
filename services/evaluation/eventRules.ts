// Real-time rules: when tracked events land, active event rules are matched against them and fire
// within seconds instead of at the next daily run (a power user deleted, the pricing page visited).
// An event rule is an event leaf alone, or one member of a top-level `all` whose other members are
// checked for the event's account with the ordinary evaluator at that moment. A shadow event rule's
// matches are recorded (in the day's 'events' evaluation run, as a scheduled run records its shadow
// matches) and never fired. `firstTime` leaves fire only for the account's first event of a kind (a
// feature used for the first time). Only fresh events fire (see LIVE_EVENT_MAX_AGE_MS): history
// sent late feeds the metrics, not today's alerts.
import type { Knex } from 'knex';
import type { Db } from '../../runtime/db.js';
import type { AlertService } from '../alerts/alerts.js';
import type { StoredEvent } from '../usage/ingest.js';
import { loadEvaluableRules } from '../rules/rules.js';
import { alertFor, evaluateRules } from './ruleEvaluation.js';
import { isEventRule, type Condition, type RuleVersion } from '../../domain/rules/schema.js';
import { daysBetween, utcDay } from '../../domain/shared/day.js';
import { eventRunFor, insertMatches, matchRow } from './evaluationRepository.js';
import { createEventRuleQueueRepository, type FailedRow } from './eventRuleQueueRepository.js';
import { failureKind, type FailureKind } from '../shared/failureKind.js';
import { inLanes } from '../shared/inLanes.js';
import { alertWorkflowId } from '../../domain/alerts/alert.js';
import { createUsageRepository } from '../usage/usageRepository.js';
import { createAccountRepository } from '../accounts/accountRepository.js';
import type { BackgroundLogger } from '../shared/logger.js';

type EventLeaf = Extract<Condition, { kind: 'event' }>;

/** The rule's event leaf and the conditions that must hold besides it. */
function splitEventRule(c: Condition): { leaf: EventLeaf; rest: Condition[] } {
  if ('all' in c) {
    const leaf = c.all.find((x): x is EventLeaf => 'kind' in x && x.kind === 'event')!;
    return { leaf, rest: c.all.filter((x) => x !== leaf) };
  }
  return { leaf: c as EventLeaf, rest: [] };
}

export function eventMatches(leaf: EventLeaf, e: Pick<StoredEvent, 'event' | 'properties'>): boolean {
  return leaf.event === e.event && Object.entries(leaf.where).every(([k, v]) => e.properties[k] === v);
}

// Timestamps as clients sent them (any ISO 8601 offset): compared as instants, not as text.
const earlierThan = (a: StoredEvent, b: StoredEvent) => {
  const [ta, tb] = [Date.parse(a.occurredAt), Date.parse(b.occurredAt)];
  return ta < tb || (ta === tb && a.messageId < b.messageId);
};

/** The events that are their account's first of their kind, for a leaf with `firstTime`: same
 * event name and `where`, and (with `per`) the same values of those properties. Within a batch only
 * the earliest of a kind can be first; it is checked against the events stored before it. */
async function firstOfTheirKind(db: Db, leaf: EventLeaf, events: StoredEvent[]): Promise<StoredEvent[]> {
  if (!leaf.firstTime) return events;
  const per = leaf.firstTime === true ? [] : leaf.firstTime.per;
  const earliest = new Map<string, StoredEvent>();
  for (const e of events) {
    if (per.some((p) => e.properties[p] === undefined)) continue; // no value to be first for
    const kind = JSON.stringify([e.accountId, ...per.map((p) => e.properties[p])]);
    const seen = earliest.get(kind);
    if (!seen || earlierThan(e, seen)) earliest.set(kind, e);
  }
  const first: StoredEvent[] = [];
  const usage = createUsageRepository(db);
  for (const e of earliest.values()) {
    const sameKind = { ...leaf.where, ...Object.fromEntries(per.map((p) => [p, e.properties[p]])) };
    if (!(await usage.hasEarlierEvent(e, sameKind))) first.push(e);
  }
  return first;
}

/** How old an event may be, when it arrives, to fire a live rule. Live firing is for what just
 * happened: a backfill or a replay of history (a "User Deleted" from months ago) feeds the metrics
 * and facts but alerts nobody today. 24 hours covers clients that batch and retry (Segment's
 * libraries flush within seconds; mobile clients queue offline for hours). Timestamps ahead of the
 * receipt (a client clock running fast) count as fresh. */
export const LIVE_EVENT_MAX_AGE_MS = 24 * 3_600_000;

export function isFreshForLiveRules(e: Pick<StoredEvent, 'occurredAt' | 'receivedAt'>): boolean {
  return Date.parse(e.receivedAt) - Date.parse(e.occurredAt) <= LIVE_EVENT_MAX_AGE_MS;
}

// Rules change rarely and events arrive constantly: read them at most this often.
const RULES_TTL_MS = 5_000;

/** The users among `ids` that are key users of the kind the leaf asks for. */
async function keyUsers(db: Db, leaf: EventLeaf, ids: string[]): Promise<Set<string>> {
  if (!leaf.userIs || ids.length === 0) return new Set(ids);
  return createUsageRepository(db).keyUsers(ids, leaf.userIs === 'champion' ? 'champion' : 'power');
}

/** How long a drain's lease on its queued events lasts without renewal: how long the events of a
 * drain that died (its process gone) wait before another drain takes them. Renewed every third of
 * it while the drain fires, however long Temporal takes. */
export const EVENT_LEASE_MS = 30_000;

/** Alert workflows a drain fires into side by side (as an evaluation run's fire lanes). */
const FIRE_LANES = 8;

/** How an event whose matching failed is tried again: after `baseMs`, doubling up to `capMs`, until
 * it has failed `maxAttempts` times; then it is kept dead. */
export interface EventRetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/** 12 attempts, 2 s doubling to 15 min: the last one about 47 min after the first failure. Long
 * enough to outlast what a retry can fix and is not an outage (those count no attempt): a worker
 * restarting or deployed with a fix, a workflow busy; short enough that an alert it still fires is
 * news the same hour (event rules are about what just happened), and that a poison event is in
 * front of ops (`usage_alerts_event_rule_queue{state="dead"}`) within the hour. */
export const EVENT_RETRY: EventRetryPolicy = { maxAttempts: 12, baseMs: 2_000, capMs: 15 * 60_000 };

/** The wait before the next try of an event that has now failed `attempts` times. */
export function retryDelayMs(policy: EventRetryPolicy, attempts: number): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}

/** What became of one leased event in a drain: matched (its alerts fired, its shadow matches
 * recorded), not tried (the drain stopped at an outage first), or failed, and how. */
type Outcome = { kind: 'matched' } | { kind: 'untried' } | { kind: FailureKind; err: unknown; ruleKey: string | null };

// When an event has several matches (several rules), the outcome that decides its row: an outage or
// an untried match keeps it as it was, a failure that may pass retries it, a permanent one buries it.
const WEIGHT: Record<Outcome['kind'], number> = { matched: 0, permanent: 1, retry: 2, untried: 3, outage: 3 };
const worse = (a: Outcome, b: Outcome) => (WEIGHT[b.kind] > WEIGHT[a.kind] ? b : a);

/** The failure for the queue row and the log: each wrapped error's message (a ServiceError names
 * the gRPC status only in its cause), at most 1,000 characters, no NUL (PostgreSQL text refuses it). */
function reasonOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 3; e = e.cause) parts.push(`${e.name}: ${e.message}`);
  return (parts.length > 0 ? parts.join(' <- ') : String(err)).replaceAll('\u0000', '').slice(0, 1_000);
}

export function createEventRuleService({
  db,
  alerts,
  log,
  leaseMs = EVENT_LEASE_MS,
  retry = EVENT_RETRY,
}: {
  db: Db;
  alerts: Pick<AlertService, 'fire'>;
  log: BackgroundLogger;
  leaseMs?: number;
  retry?: EventRetryPolicy;
}) {
  const accounts = createAccountRepository(db);
  let cache: { at: number; rules: RuleVersion[] } | null = null;
  async function eventRules(): Promise<RuleVersion[]> {
    if (!cache || Date.now() - cache.at > RULES_TTL_MS) {
      const rules = await loadEvaluableRules(db, { statuses: ['active', 'shadow'] });
      cache = { at: Date.now(), rules: rules.filter((r) => isEventRule(r.definition.condition)) };
    }
    return cache.rules;
  }

  /** Fires an active rule's alert; records a shadow rule's match instead. */
  async function act(rule: RuleVersion, e: StoredEvent, extra: Record<string, unknown>, today: string) {
    const { leaf } = splitEventRule(rule.definition.condition);
    const account = await accounts.alertFacts(e.accountId);
    if (!account) return; // events of accounts not yet known wait for the account, not for alerts
    const facts = {
      accountId: account.id,
      name: account.name,
      arrCents: account.arr_cents,
      daysToRenewal: account.renewal_date ? daysBetween(today, account.renewal_date) : null,
      tier: account.tier,
      strategic: account.traits?.strategic === true,
    };
    const conditions = { ...extra, [leaf.name ?? 'event']: { event: e.event, userId: e.userId, messageId: e.messageId, properties: e.properties } };
    const alert = alertFor(rule, facts, conditions, today);
    if (rule.definition.status === 'shadow') await insertMatches(db, [matchRow(await eventRunFor(db, today), alert, 'shadow')]);
    // Keyed by the event: matched again after a crash (the queue row not yet deleted), the fire
    // gets its first answer, never a second alert or a reconfirmation. A refusal (a ValidationError:
    // the database refused the alert) is the event's failure, judged by the drain.
    else await alerts.fire(alert, { fireKey: `event:${e.messageId}` });
  }

  /** Matches events against the active and shadow event rules: fires (active) or records (shadow)
   * what matches; older events (history) are left to the metrics. Answers each event's outcome, in
   * order: one event's failure is its own, the others are matched all the same. What the rules
   * match is found rule by rule (a read per rule, not per event), then acted on FIRE_LANES at a
   * time: a fire waits on its workflow to record the alert, and one after another a burst of events
   * fell behind the rate they came at (bench/README.md, issue 14 "event → alert"). The matches of
   * one rule and account, which go to one alert workflow, stay one after another in queue order, so
   * the first event is the one that creates the alert (unless it fails: the next goes on). At an
   * outage no new match is started: the rest would only wait on it too. */
  async function match(stored: StoredEvent[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = stored.map(() => ({ kind: 'matched' }));
    const fresh = stored.flatMap((e, i) => (isFreshForLiveRules(e) ? [{ e, i }] : []));
    if (fresh.length === 0) return outcomes;
    let byWorkflow: Map<string, Array<{ i: number; ruleKey: string; run: () => Promise<void> }>>;
    try {
      byWorkflow = await planMatches(fresh);
    } catch (err) {
      // The reads shared by the batch failed: on an outage all wait; otherwise one event may be the
      // cause, so each is matched alone (rare; one after another) to find it.
      const kind = failureKind(err);
      if (kind === 'outage' || stored.length === 1) return stored.map(() => ({ kind, err, ruleKey: null }));
      const alone: Outcome[] = [];
      for (const e of stored) alone.push(alone.some((o) => o.kind === 'outage') ? { kind: 'untried' } : (await match([e]))[0]!);
      return alone;
    }
    let outage = false;
    await inLanes([...byWorkflow.values()], FIRE_LANES, async (steps) => {
      for (const step of steps) {
        if (outage) {
          outcomes[step.i] = worse(outcomes[step.i]!, { kind: 'untried' });
          continue;
        }
        try {
          await step.run();
        } catch (err) {
          const kind = failureKind(err);
          if (kind === 'outage') outage = true;
          outcomes[step.i] = worse(outcomes[step.i]!, { kind, err, ruleKey: step.ruleKey });
        }
      }
    });
    return outcomes;
  }

  /** The matches of `fresh` events, each to run later, grouped by the alert workflow they go to. */
  async function planMatches(fresh: Array<{ e: StoredEvent; i: number }>) {
    const events = fresh.map((f) => f.e);
    const indexOf = new Map(fresh.map((f) => [f.e, f.i]));
    const rules = await eventRules();
    const byWorkflow = new Map<string, Array<{ i: number; ruleKey: string; run: () => Promise<void> }>>();
    for (const rule of rules) {
      const { leaf, rest } = splitEventRule(rule.definition.condition);
      const matching = events.filter((x) => eventMatches(leaf, x));
      const qualified = await keyUsers(db, leaf, [...new Set(matching.flatMap((e) => (e.userId ? [e.userId] : [])))]);
      const byKeyUsers = matching.filter((x) => !leaf.userIs || (x.userId !== null && qualified.has(x.userId)));
      for (const e of await firstOfTheirKind(db, leaf, byKeyUsers)) {
        const workflow = alertWorkflowId(rule.key, e.accountId);
        if (!byWorkflow.has(workflow)) byWorkflow.set(workflow, []);
        byWorkflow.get(workflow)!.push({
          i: indexOf.get(e)!,
          ruleKey: rule.key,
          run: async () => {
            const today = utcDay(Date.now());
            let extra: Record<string, unknown> = {};
            if (rest.length > 0) {
              const condition: Condition = rest.length === 1 ? rest[0]! : { all: rest };
              const [found] = await evaluateRules(db, [{ ...rule, definition: { ...rule.definition, condition } }], { asOf: today, accounts: [e.accountId] });
              if (!found) return;
              extra = found.alert.evidence.conditions as Record<string, unknown>;
            }
            await act(rule, e, extra, today);
          },
        });
      }
    }
    return byWorkflow;
  }

  const queue = createEventRuleQueueRepository(db);
  const service = {
    /** In the ingest transaction: the fresh events that an event rule may match (by event name).
     * Answers how many it queued. */
    async queue(trx: Knex.Transaction, stored: StoredEvent[]): Promise<number> {
      const names = new Set((await eventRules()).map((r) => splitEventRule(r.definition.condition).leaf.event));
      const matching = stored.filter((e) => names.has(e.event) && isFreshForLiveRules(e));
      await queue.enqueue(trx, matching);
      return matching.length;
    },

    /** Matches queued events (fires their alerts) and deletes them, `limit` at a time. The events
     * are leased in a statement of their own and their alerts fired with no transaction open, so a
     * drain waiting on Temporal holds no connection and no lock (the intake and the other drains
     * go on meanwhile). Concurrent drains (the API's, the worker's) take different rows. A drain that
     * dies leaves its rows until its lease runs out (renewed while it works); the next fire is keyed
     * by the event as the first was, so an alert already made is answered again, not made twice.
     * An event that fails is settled alone, the others of the lease are matched and deleted:
     * - an outage (database or Temporal away, see failureKind): its events are freed for the next
     *   drain at once, with no attempt counted, and the drain rejects with it (the worker's loop
     *   waits 2 s);
     * - a failure that may pass: one more attempt, tried again after a backoff (`retry`), kept dead
     *   once it has failed `retry.maxAttempts` times;
     * - a permanent one (the alert refused for good): kept dead at once.
     * A dead event is logged once, never leased again, and counted on /metrics. Answers how many
     * events it took. */
    async drain(limit = 500): Promise<number> {
      const lease = await queue.lease(limit, leaseMs);
      if (lease.rows.length === 0) return 0;
      const renewing = setInterval(() => {
        queue.renew(lease, leaseMs).catch((err: unknown) => log.warn({ err }, 'event rule queue: renewing a lease failed (it may run out and the events be matched again)'));
      }, leaseMs / 3);
      // Unless the database is away too: then the rows wait for the lease to run out.
      const free = (ids?: number[]) =>
        queue.release(lease, ids).catch((releaseErr: unknown) => log.warn({ err: releaseErr }, 'event rule queue: freeing a failed drain\'s events failed (they wait for the lease to run out)'));
      let outcomes: Outcome[];
      try {
        outcomes = await match(lease.rows.map((r) => r.event));
      } catch (err) {
        // match answers each event's failure; this is a bug of its own: free the rows as before.
        await free();
        throw err;
      } finally {
        clearInterval(renewing);
      }
      const matched: number[] = [];
      const untouched: number[] = [];
      const failed: FailedRow[] = [];
      let outage: { err: unknown } | null = null;
      lease.rows.forEach((row, k) => {
        const o = outcomes[k]!;
        if (o.kind === 'matched') return void matched.push(row.id);
        if (o.kind === 'untried' || o.kind === 'outage') {
          if (o.kind === 'outage') outage ??= { err: o.err };
          return void untouched.push(row.id);
        }
        const attempts = row.attempts + 1;
        const dead = o.kind === 'permanent' || attempts >= retry.maxAttempts;
        const reason = reasonOf(o.err);
        const retryInMs = retryDelayMs(retry, attempts);
        failed.push({ id: row.id, error: reason, dead, retryInMs });
        const fields = { messageId: row.event.messageId, event: row.event.event, accountId: row.event.accountId, ruleKey: o.ruleKey, attempts, failure: o.kind, reason };
        if (dead) log.error(fields, 'event rule queue: an event was given up and kept dead (its alert is not fired)');
        else log.warn({ ...fields, retryInMs }, 'event rule queue: matching an event failed; it is tried again later');
      });
      if (matched.length > 0) await queue.remove(matched);
      if (failed.length > 0) await queue.fail(lease, failed);
      if (untouched.length > 0) await free(untouched);
      if (outage) throw (outage as { err: unknown }).err;
      return lease.rows.length;
    },
  };
  return service;
}

export type EventRuleService = ReturnType<typeof createEventRuleService>;
