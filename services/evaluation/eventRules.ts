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
import { ValidationError } from '../shared/errors.js';
import { createEventRuleQueueRepository } from './eventRuleQueueRepository.js';
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

export function createEventRuleService({ db, alerts, log, leaseMs = EVENT_LEASE_MS }: { db: Db; alerts: Pick<AlertService, 'fire'>; log: BackgroundLogger; leaseMs?: number }) {
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
    // gets its first answer, never a second alert or a reconfirmation.
    else {
      try {
        await alerts.fire(alert, { fireKey: `event:${e.messageId}` });
      } catch (err) {
        // An alert that can never be recorded must not hold the queue: logged, and the event let go.
        if (!(err instanceof ValidationError)) throw err;
        log.warn({ ruleKey: alert.ruleKey, accountId: alert.accountId, messageId: e.messageId, reason: err.message }, 'event rule: the alert was refused; the event is let go');
      }
    }
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
     * fails frees its rows for the next at once; one that dies leaves them until its lease runs out
     * (renewed while it works). Either way the next fire is keyed by the event as the first was, so
     * an alert already made is answered again, not made twice. Answers how many it took. */
    async drain(limit = 500): Promise<number> {
      const lease = await queue.lease(limit, leaseMs);
      if (lease.rows.length === 0) return 0;
      const renewing = setInterval(() => {
        queue.renew(lease, leaseMs).catch((err: unknown) => log.warn({ err }, 'event rule queue: renewing a lease failed (it may run out and the events be matched again)'));
      }, leaseMs / 3);
      const matched = service.onEvents(lease.rows.map((r) => r.event)).finally(() => clearInterval(renewing));
      try {
        await matched;
      } catch (err) {
        // Unless the database is away too: then the rows wait for the lease to run out.
        await queue.release(lease).catch((releaseErr: unknown) => log.warn({ err: releaseErr }, 'event rule queue: freeing a failed drain\'s events failed (they wait for the lease to run out)'));
        throw err;
      }
      await queue.remove(lease.rows.map((r) => r.id));
      return lease.rows.length;
    },

    /** Matches newly stored fresh events against the active and shadow event rules: fires (active)
     * or records (shadow) what matches. Older events (history) are left to the metrics. What the
     * rules match is found rule by rule (a read per rule, not per event), then acted on FIRE_LANES
     * at a time: a fire waits on its workflow to record the alert, and one after another a burst of
     * events fell behind the rate they came at (bench/README.md, issue 14 "event → alert"). The
     * matches of one rule and account, which go to one alert workflow, stay one after another in
     * queue order, so the first event is the one that creates the alert. */
    async onEvents(stored: StoredEvent[]): Promise<void> {
      const events = stored.filter(isFreshForLiveRules);
      if (events.length === 0) return;
      const rules = await eventRules();
      const byWorkflow = new Map<string, Array<() => Promise<void>>>();
      for (const rule of rules) {
        const { leaf, rest } = splitEventRule(rule.definition.condition);
        const matching = events.filter((x) => eventMatches(leaf, x));
        const qualified = await keyUsers(db, leaf, [...new Set(matching.flatMap((e) => (e.userId ? [e.userId] : [])))]);
        const byKeyUsers = matching.filter((x) => !leaf.userIs || (x.userId !== null && qualified.has(x.userId)));
        for (const e of await firstOfTheirKind(db, leaf, byKeyUsers)) {
          const workflow = alertWorkflowId(rule.key, e.accountId);
          if (!byWorkflow.has(workflow)) byWorkflow.set(workflow, []);
          byWorkflow.get(workflow)!.push(async () => {
            const today = utcDay(Date.now());
            let extra: Record<string, unknown> = {};
            if (rest.length > 0) {
              const condition: Condition = rest.length === 1 ? rest[0]! : { all: rest };
              const [match] = await evaluateRules(db, [{ ...rule, definition: { ...rule.definition, condition } }], { asOf: today, accounts: [e.accountId] });
              if (!match) return;
              extra = match.alert.evidence.conditions as Record<string, unknown>;
            }
            await act(rule, e, extra, today);
          });
        }
      }
      await inLanes([...byWorkflow.values()], FIRE_LANES, async (steps) => {
        for (const step of steps) await step();
      });
    },
  };
  return service;
}

export type EventRuleService = ReturnType<typeof createEventRuleService>;
