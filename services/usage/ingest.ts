// Segment-compatible intake: validates each message on its own (a bad one is reported, the rest are
// stored), then in one transaction applies groups (accounts), identifies (users), attaches waiting
// events to newly linked accounts, inserts the tracked events set-based (duplicates by messageId are
// ignored), and recomputes the daily metrics of exactly the (account, day) pairs that changed.
// Requests that arrive while the process's writers are busy are written together (group commit,
// services/shared/groupCommit.ts): in order, in one transaction, with one recomputation.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../../runtime/db.js';
import {
  machineTrait,
  parseMessage,
  type AcceptedType,
  type GroupMessage,
  type IdentifyMessage,
  type SegmentMessage,
  type TrackMessage,
} from '../../domain/usage/segment.js';
import { measureEvent } from '../../domain/usage/usageEvents.js';
import { daysCountingUsers, recomputeDays, type AccountDay } from './dailyMetrics.js';
import { createUsageRepository, type AccountDayRow, type EventColumns, type UserPatch } from './usageRepository.js';
import { createAccountRepository } from '../accounts/accountRepository.js';
import { noTeamMember, unknownTeamMembers } from '../accounts/teamMemberRefs.js';
import { churnStates, recordChurnChanges, type ChurnChange } from '../accounts/outcomes.js';
import { recordArrChanges, saveOutcomes } from '../accounts/outcomeRepository.js';
import { outcomeFromEvent } from '../../domain/accounts/outcomes.js';
import { churnEventWrite, datedWrites, type FactColumn, type FactWrite } from '../../domain/accounts/factWrites.js';
import { utcDay } from '../../domain/shared/day.js';
import { createGroupCommit } from '../shared/groupCommit.js';

export interface RejectedMessage {
  index: number;
  field: string;
  problem: string;
}
export interface IngestResult {
  accepted: number;
  /** Tracked events newly stored (a resent messageId is accepted but not stored twice). */
  stored: number;
  rejected: RejectedMessage[];
}


/** A group stops growing at this many messages (a transaction of a few seconds at most). */
const MAX_GROUP_MESSAGES = 10_000;
/** Transactions a process writes at once. One writer spends the least CPU per event (bench/ingest.ts:
 * 49 against 54 ms per 1,000 events) but on a machine shared with other work fewer busy processes get
 * less of it, and the wall-clock rate fell (bench/README.md); four keep the old concurrency. */
const DEFAULT_WRITERS = 4;
/** Feature names this process has seen committed, at most this many (names come from clients). */
const MAX_KNOWN_FEATURES = 10_000;

const accountDay = (r: AccountDayRow): AccountDay => ({ accountId: r.account_id, day: r.day });

const when = (m: SegmentMessage, receivedAt: string) => m.timestamp ?? m.originalTimestamp ?? receivedAt;

/** Group traits that name a team member (foreign keys of accounts). */
const TEAM_MEMBER_TRAITS = ['owner_id', 'ae_id'] as const;

/** A group call's facts (the traits mapped onto accounts' columns) and traits, at `at`. */
function groupWrite(g: GroupMessage, at: string): FactWrite {
  const t = g.traits;
  const stated: Record<FactColumn, string | number | undefined> = {
    plan: t.plan, tier: t.tier, segment: t.segment, seat_limit: t.seat_limit, api_limit: t.api_limit, storage_limit: t.storage_limit,
    arr_cents: typeof t.arr === 'number' ? Math.round(t.arr * 100) : undefined,
    renewal_date: t.renewal_date, owner_id: t.owner_id, ae_id: t.ae_id,
  };
  const facts = Object.fromEntries(Object.entries(stated).filter(([, v]) => v !== undefined));
  return { accountId: g.groupId, at, facts, traits: t };
}

/** Each group's churn traits, in message order (a later one sees the earlier one's as its before). */
function churnChanges(groups: GroupMessage[], receivedAt: string): ChurnChange[] {
  return groups
    .filter((g) => g.traits.status !== undefined || g.traits.churned_at !== undefined)
    .map((g) => ({ accountId: g.groupId, after: { status: g.traits.status ?? null, churnedAt: g.traits.churned_at ?? null }, day: utcDay(Date.parse(when(g, receivedAt))) }));
}

/** An accepted event of a known account, as real-time rules see it. */
export interface StoredEvent {
  messageId: string;
  occurredAt: string; // ISO timestamp
  /** When the intake received it: live rules judge freshness against this, not the clock later. */
  receivedAt: string;
  accountId: string;
  userId: string | null;
  event: string;
  properties: Record<string, unknown>;
}

/** Real-time event rules' hand-off: `queue` writes the new events they may match in the batch's own
 * transaction (durable: an API that dies after the commit loses nothing), `afterCommit` starts
 * matching them at once; ingestion does not wait for it (the worker drains what is left). */
export interface EventListeners {
  /** Answers how many it queued: `afterCommit` runs only when that is more than none (a drain is a
   * transaction, and most batches hold no event any rule names; what an earlier drain left behind is
   * the worker's). A listener answering nothing is drained after every batch with events. */
  queue?: (trx: Knex.Transaction, events: StoredEvent[]) => Promise<number | void>;
  afterCommit?: () => Promise<unknown>;
  /** `afterCommit` failed after the answer was decided: only the log hears of it. */
  afterCommitFailed?: (err: unknown) => void;
  /** Each call's messages stored and refused (metrics). */
  counted?: (accepted: number, refused: number) => void;
}

/** How the intake shares transactions between concurrent requests (services/shared/groupCommit.ts). */
export interface IngestWriting {
  /** Transactions written at the same time by this process (DEFAULT_WRITERS by default). */
  writers?: number;
  /** A group's size in messages; 0 writes each request in a transaction of its own. */
  maxGroupMessages?: number;
}

export function createIngestService(db: Db, listeners: EventListeners = {}, writing: IngestWriting = {}) {
  const knownFeatures = new Set<string>();
  /** Drops groups whose owner or account executive is not a team member: a foreign key would
   * otherwise fail the whole batch. */
  async function checkTeamMembers(items: Array<{ index: number; message: SegmentMessage }>, rejected: RejectedMessage[]) {
    const refs = (m: SegmentMessage) => (m.type === 'group' ? TEAM_MEMBER_TRAITS.flatMap((f) => (m.traits[f] ? [[f, m.traits[f]] as const] : [])) : []);
    const unknownIds = await unknownTeamMembers(db, items.flatMap((i) => refs(i.message).map(([, id]) => id)));
    if (unknownIds.size === 0) return items;
    return items.filter((i) => {
      const unknown = refs(i.message).filter(([, id]) => unknownIds.has(id));
      for (const [field, id] of unknown) rejected.push({ index: i.index, field: `traits.${field}`, problem: noTeamMember(id) });
      return unknown.length === 0;
    });
  }

  async function upsertAccounts(trx: Knex.Transaction, groups: GroupMessage[], receivedAt: string) {
    // One row per account, later traits over earlier ones; sorted so concurrent batches lock in order.
    // A stage's start is the time of the message that first named it (a repeat is no change).
    const byId = new Map<string, { traits: GroupMessage['traits']; stageAt: string | null; firstAt: string }>();
    for (const g of groups) {
      const at = when(g, receivedAt);
      const prev = byId.get(g.groupId) ?? { traits: {}, stageAt: null, firstAt: at };
      const stage = g.traits.onboarding_stage;
      const stageAt = stage !== undefined && stage !== prev.traits.onboarding_stage ? at : prev.stageAt;
      byId.set(g.groupId, { traits: { ...prev.traits, ...g.traits }, stageAt, firstAt: prev.firstAt });
    }
    if (byId.size === 0) return;
    const byAccount = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
    const rows = [...byId.entries()].sort(byAccount).map(([id, { traits: t, stageAt, firstAt }]) => ({
      id,
      name: t.name ?? null,
      onboarding_stage: t.onboarding_stage ?? null,
      onboarding_stage_at: stageAt,
      signup_date: t.signup_date ?? null,
      facts_at: firstAt,
    }));
    const accounts = createAccountRepository(trx);
    await accounts.upsertFromGroups(rows);
    // Each message's facts and traits at its own time, by account and then in message order.
    const writes = groups.map((g, i) => [g.groupId, i, groupWrite(g, when(g, receivedAt))] as const);
    writes.sort(([a, i], [b, j]) => (a < b ? -1 : a > b ? 1 : i - j));
    await accounts.writeFacts(writes.flatMap(([, , w]) => datedWrites(w)));
  }

  function userPatches(groups: GroupMessage[], identifies: IdentifyMessage[], tracks: TrackMessage[], receivedAt: string) {
    const patches = new Map<string, UserPatch>();
    const patch = (id: string) => {
      let p = patches.get(id);
      if (!p) patches.set(id, (p = { id, traits: {} }));
      return p;
    };
    for (const g of groups) if (g.userId) patch(g.userId).account_id = g.groupId;
    for (const m of identifies) {
      if (!m.userId) continue;
      const p = patch(m.userId);
      const t = m.traits;
      Object.assign(p.traits, t);
      if (t.email !== undefined) p.email = t.email;
      if (t.role !== undefined) p.role = t.role;
      if (t.power_user !== undefined) p.power_user = t.power_user;
      if (t.champion !== undefined) p.champion = t.champion;
      const machine = machineTrait(t);
      if (machine !== undefined) p.machine = machine;
      if (t.deleted !== undefined) {
        p.deleted = t.deleted ? 'set' : 'clear';
        p.deleted_at = when(m, receivedAt);
      }
    }
    // Only deletions: a plain track does not touch the users table (it is the hot path).
    for (const m of tracks) {
      if (!m.userId || !measureEvent(m.event, m.properties).deletesUser) continue;
      const p = patch(m.userId);
      p.deleted = 'set';
      p.deleted_at = when(m, receivedAt);
    }
    return [...patches.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Upserts the users; answers the (account, day) pairs to recompute because an identity's
   * machine flag changed (its past events now count, or no longer count, as a person's). */
  async function upsertUsers(trx: Knex.Transaction, patches: UserPatch[]): Promise<AccountDay[]> {
    if (patches.length === 0) return [];
    const users = createUsageRepository(trx);
    const flagged = patches.filter((p) => p.machine !== undefined);
    const was = await users.machineFlags(flagged.map((p) => p.id));
    await users.upsertPatches(patches, Object.fromEntries(flagged.map((p) => [p.id, p.machine!])));
    // An identity never seen in users counted as a person (tracks do not create users).
    const nowMachine = flagged.filter((p) => p.machine === true && was.get(p.id) !== true).map((p) => p.id);
    const nowPerson = flagged.filter((p) => p.machine === false && was.get(p.id) === true).map((p) => p.id);
    // Rare (an identity is classified once), so plain scans: the days that counted the new machine
    // as a person, and the days with events of an identity that turns out to be a person.
    const rows = [...(await daysCountingUsers(trx, nowMachine)), ...(await users.eventDaysOfUsers(nowPerson))];
    return rows.map(accountDay);
  }

  async function insertEvents(
    trx: Knex.Transaction,
    tracks: TrackMessage[],
    sourceId: number | null,
    receivedAt: string,
  ): Promise<{ stored: number; touched: AccountDay[]; events: StoredEvent[]; features: string[] }> {
    if (tracks.length === 0) return { stored: 0, touched: [], events: [], features: [] };
    const users = createUsageRepository(trx);
    const cols: EventColumns = {
      message_id: [], account_id: [], user_id: [], anonymous_id: [], event: [], occurred_at: [], properties: [],
      is_login: [], session_minutes: [], feature: [], action_kind: [], api_calls: [], storage_used: [],
    };
    // A track without a group id counts for its user's account, when the user has one.
    const needAccount = [...new Set(tracks.flatMap((m) => (!m.context?.groupId && m.userId ? [m.userId] : [])))];
    const userAccount = await users.accountsOfUsers(needAccount);
    const touched = new Map<string, AccountDay>();
    for (const m of tracks) {
      const x = measureEvent(m.event, m.properties);
      const accountId = m.context?.groupId ?? (m.userId ? userAccount.get(m.userId) : undefined) ?? null;
      const occurredAt = when(m, receivedAt);
      cols.message_id.push(m.messageId ?? randomUUID());
      cols.account_id.push(accountId);
      cols.user_id.push(m.userId ?? null);
      cols.anonymous_id.push(m.anonymousId ?? null);
      cols.event.push(m.event);
      cols.occurred_at.push(occurredAt);
      cols.properties.push(m.properties);
      cols.is_login.push(x.isLogin);
      cols.session_minutes.push(x.sessionMinutes);
      cols.feature.push(x.feature);
      cols.action_kind.push(x.actionKind);
      cols.api_calls.push(x.apiCalls);
      cols.storage_used.push(x.storageUsed);
      if (accountId !== null) {
        // A UTC time's day is its date part (validated ISO text); an offset's needs the conversion.
        const day = occurredAt.endsWith('Z') ? occurredAt.slice(0, 10) : new Date(occurredAt).toISOString().slice(0, 10);
        touched.set(`${accountId}\u0000${day}`, { accountId, day });
      }
    }
    // One multi-row insert from parallel arrays. A resent message is skipped by the unique index; its
    // day is still recomputed, which changes nothing.
    const stored = await users.insertEvents(cols, sourceId, receivedAt);
    // The catalogue only grows (nothing deletes a feature): a name this process saw committed is
    // there, and a batch naming only such features (nearly every batch) skips the statement.
    const features = [...new Set(cols.feature.filter((f): f is string => f !== null && !knownFeatures.has(f)))];
    await users.addFeatures(features);
    // Events for the real-time rules: a resent message is among them again, which the alert's
    // dedup absorbs (RETURNING only the new rows would cost the insert its speed).
    const events: StoredEvent[] = cols.account_id.flatMap((accountId, i) =>
      accountId === null
        ? []
        : [{ messageId: cols.message_id[i]!, occurredAt: cols.occurred_at[i]!, receivedAt, accountId, userId: cols.user_id[i]!, event: cols.event[i]!, properties: tracks[i]!.properties }],
    );
    return { stored, touched: [...touched.values()], events, features };
  }

  /** One request's valid messages, written as part of a group. */
  interface Part {
    groups: GroupMessage[];
    identifies: IdentifyMessage[];
    tracks: TrackMessage[];
    sourceId: number | null;
    receivedAt: string;
  }

  /** A request's writes, in the group's transaction: everything but the recomputation and the
   * event-rule queue, which the group does once for all its requests. */
  async function writePart(trx: Knex.Transaction, { groups, identifies, tracks, sourceId, receivedAt }: Part) {
    const groupIds = [...new Set(groups.map((g) => g.groupId))];
    const churnBefore = await churnStates(trx, groupIds);
    await upsertAccounts(trx, groups, receivedAt);
    await recordChurnChanges(trx, churnBefore, churnChanges(groups, receivedAt), 'tracking');
    const reclassified = await upsertUsers(trx, userPatches(groups, identifies, tracks, receivedAt));
    const links = groups.flatMap((g) => (g.userId ? [{ userId: g.userId, accountId: g.groupId }] : []));
    const attached = (await createUsageRepository(trx).attachWaitingEvents(links)).map(accountDay);
    const inserted = await insertEvents(trx, tracks, sourceId, receivedAt);
    const stated = inserted.events.flatMap((e) => {
      const outcome = outcomeFromEvent(e.accountId, e.event, e.properties, e.occurredAt);
      return outcome ? [{ outcome, sentAt: e.occurredAt }] : [];
    });
    await saveOutcomes(trx, stated.map((s) => s.outcome));
    // A churn an event states also ends the account's customer status from its day, as a churned
    // status trait would: what the customer guard of an evaluation as of any day reads.
    const churns = stated.filter((s) => s.outcome.type === 'churned').map((s) => churnEventWrite(s.outcome.accountId, s.outcome.at, s.sentAt));
    await createAccountRepository(trx).writeFacts(churns.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)));
    // After the churns: a day with a churn records no contraction beside it.
    await recordArrChanges(trx, 'tracking', groupIds);
    return { stored: inserted.stored, touched: [...attached, ...reclassified, ...inserted.touched], events: inserted.events, features: inserted.features };
  }

  /** Writes the parts in order in one transaction, as if each request had been applied in turn, then
   * recomputes the days they touched once. Answers each part's stored count. */
  async function writeGroup(parts: Part[]): Promise<number[]> {
    const newEvents: StoredEvent[] = [];
    const features: string[] = [];
    let queued = 0;
    const stored = await db.transaction(async (trx) => {
      // Small statements over arrays the planner guesses at 100 rows each: on a large table their
      // estimates cross jit_above_cost and each batch paid ~0.2 s of JIT compiling for milliseconds
      // of work (the same reason the recomputation turns it off).
      await trx.raw('set local jit = off');
      const counts: number[] = [];
      const touched = new Map<string, AccountDay>();
      for (const part of parts) {
        const written = await writePart(trx, part);
        counts.push(written.stored);
        for (const d of written.touched) touched.set(`${d.accountId}\u0000${d.day}`, d);
        newEvents.push(...written.events);
        features.push(...written.features);
      }
      // Takes the per-account locks that keep concurrent transactions from losing each other's events.
      await recomputeDays(trx, [...touched.values()]);
      if (listeners.queue && newEvents.length > 0) queued = (await listeners.queue(trx, newEvents)) ?? newEvents.length;
      else queued = newEvents.length;
      return counts;
    });
    // Known once committed (a rolled-back insert added nothing).
    for (const f of features) if (knownFeatures.size < MAX_KNOWN_FEATURES) knownFeatures.add(f);
    if (listeners.afterCommit && queued > 0) {
      listeners.afterCommit().catch((err: unknown) => listeners.afterCommitFailed?.(err));
    }
    return stored;
  }

  // Requests beyond DEFAULT_WRITERS at once share transactions: each writer takes what arrived while
  // its previous group was written (begin/commit, the recomputation and its locks paid once per group,
  // and no request waits on another's per-account locks).
  const groupCommit = createGroupCommit(writeGroup, {
    weight: (p) => p.groups.length + p.identifies.length + p.tracks.length,
    maxWeight: writing.maxGroupMessages ?? MAX_GROUP_MESSAGES,
    writers: writing.writers ?? DEFAULT_WRITERS,
  });

  return {
    /**
     * Stores what is valid of `raw` and names what is not. `impliedType` is the type of a
     * single-message endpoint; `batchContext` the batch-level context Segment merges into each message.
     */
    async ingest(raw: unknown[], opts: { sourceId: number | null; impliedType?: AcceptedType; batchContext?: Record<string, unknown> }): Promise<IngestResult> {
      const receivedAt = new Date().toISOString();
      const rejected: RejectedMessage[] = [];
      let valid: Array<{ index: number; message: SegmentMessage }> = [];
      raw.forEach((r, index) => {
        const parsed = parseMessage(r, opts.impliedType, opts.batchContext);
        if (parsed.ok) valid.push({ index, message: parsed.message });
        else for (const i of parsed.issues) rejected.push({ index, ...i });
      });
      valid = await checkTeamMembers(valid, rejected);
      rejected.sort((a, b) => a.index - b.index);
      const messages = valid.map((v) => v.message);
      const stored = await groupCommit.submit({
        groups: messages.filter((m): m is GroupMessage => m.type === 'group'),
        identifies: messages.filter((m): m is IdentifyMessage => m.type === 'identify'),
        tracks: messages.filter((m): m is TrackMessage => m.type === 'track'),
        sourceId: opts.sourceId,
        receivedAt,
      });
      listeners.counted?.(valid.length, rejected.length);
      return { accepted: valid.length, stored, rejected };
    },
  };
}
