// Segment-compatible intake: validates each message on its own (a bad one is reported, the rest are
// stored), then in one transaction applies groups (accounts), identifies (users), attaches waiting
// events to newly linked accounts, inserts the tracked events set-based (duplicates by messageId are
// ignored), and recomputes the daily metrics of exactly the (account, day) pairs that changed.
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
import { pgArray } from '../../runtime/pgArray.js';
import { recomputeDays, type AccountDay } from './dailyMetrics.js';
import { stageSinceOnInsert, stageSinceOnUpdate } from '../accounts/accountRepository.js';
import { noTeamMember, unknownTeamMembers } from '../accounts/teamMemberRefs.js';
import { churnStates, recordChurnChanges, type ChurnChange } from '../accounts/outcomes.js';
import { recordArrChanges, saveOutcomes } from '../accounts/outcomeRepository.js';
import { outcomeFromEvent } from '../../domain/accounts/outcomes.js';
import { utcDay } from '../../domain/shared/day.js';

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

interface UserPatch {
  id: string;
  account_id?: string;
  email?: string;
  role?: string;
  power_user?: boolean;
  champion?: boolean;
  machine?: boolean;
  traits: Record<string, unknown>;
  deleted?: 'set' | 'clear';
  deleted_at?: string;
}

const when = (m: SegmentMessage, receivedAt: string) => m.timestamp ?? m.originalTimestamp ?? receivedAt;

/** Group traits that name a team member (foreign keys of accounts). */
const TEAM_MEMBER_TRAITS = ['owner_id', 'ae_id'] as const;

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
  queue?: (trx: Knex.Transaction, events: StoredEvent[]) => Promise<void>;
  afterCommit?: () => Promise<unknown>;
}

export function createIngestService(db: Db, listeners: EventListeners = {}) {
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
    // The merged facts take effect at the latest of the messages' times (the fact history's valid_from).
    const byId = new Map<string, { traits: Record<string, unknown>; stageAt: string | null; factsAt: string }>();
    for (const g of groups) {
      const at = when(g, receivedAt);
      const prev = byId.get(g.groupId) ?? { traits: {}, stageAt: null, factsAt: at };
      const stage = g.traits.onboarding_stage;
      const stageAt = stage !== undefined && stage !== prev.traits.onboarding_stage ? at : prev.stageAt;
      byId.set(g.groupId, { traits: { ...prev.traits, ...g.traits }, stageAt, factsAt: Date.parse(at) > Date.parse(prev.factsAt) ? at : prev.factsAt });
    }
    if (byId.size === 0) return;
    const rows = [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, { traits: t, stageAt, factsAt }]) => ({
      id,
      name: t.name ?? null,
      plan: t.plan ?? null,
      tier: t.tier ?? null,
      segment: t.segment ?? null,
      seat_limit: t.seat_limit ?? null,
      api_limit: t.api_limit ?? null,
      storage_limit: t.storage_limit ?? null,
      arr_cents: typeof t.arr === 'number' ? Math.round(t.arr * 100) : null,
      renewal_date: t.renewal_date ?? null,
      owner_id: t.owner_id ?? null,
      ae_id: t.ae_id ?? null,
      onboarding_stage: t.onboarding_stage ?? null,
      onboarding_stage_at: stageAt,
      signup_date: t.signup_date ?? null,
      facts_at: factsAt,
      traits: t,
    }));
    const stage = 'coalesce(excluded.onboarding_stage, accounts.onboarding_stage)';
    // Traits are merged: what a group call does not mention keeps its value. The stage's start
    // travels in onboarding_stage_since of the excluded row (the message's time).
    await trx.raw(
      `insert into accounts (id, name, plan, tier, segment, seat_limit, api_limit, storage_limit, arr_cents, renewal_date,
                             owner_id, ae_id, onboarding_stage, onboarding_stage_since, signup_date, traits, facts_effective_at, updated_at)
       select v.id, coalesce(v.name, v.id), v.plan, v.tier, v.segment, v.seat_limit, v.api_limit, v.storage_limit, v.arr_cents,
              v.renewal_date, v.owner_id, v.ae_id, v.onboarding_stage, ${stageSinceOnInsert('v.onboarding_stage', 'v.onboarding_stage_at')},
              v.signup_date, v.traits, v.facts_at, now()
       from jsonb_to_recordset(?::jsonb) as v(id text, name text, plan text, tier text, segment text, seat_limit int,
            api_limit bigint, storage_limit bigint, arr_cents bigint, renewal_date date, owner_id text, ae_id text,
            onboarding_stage text, onboarding_stage_at timestamptz, signup_date date, facts_at timestamptz, traits jsonb)
       on conflict (id) do update set
         name = coalesce(excluded.traits->>'name', accounts.name),
         plan = coalesce(excluded.plan, accounts.plan), tier = coalesce(excluded.tier, accounts.tier),
         segment = coalesce(excluded.segment, accounts.segment), seat_limit = coalesce(excluded.seat_limit, accounts.seat_limit),
         api_limit = coalesce(excluded.api_limit, accounts.api_limit),
         storage_limit = coalesce(excluded.storage_limit, accounts.storage_limit),
         arr_cents = coalesce(excluded.arr_cents, accounts.arr_cents),
         renewal_date = coalesce(excluded.renewal_date, accounts.renewal_date),
         owner_id = coalesce(excluded.owner_id, accounts.owner_id),
         ae_id = coalesce(excluded.ae_id, accounts.ae_id),
         onboarding_stage = ${stage},
         onboarding_stage_since = ${stageSinceOnUpdate(stage, 'excluded.onboarding_stage_since')},
         signup_date = coalesce(excluded.signup_date, accounts.signup_date),
         traits = accounts.traits || excluded.traits, facts_effective_at = excluded.facts_effective_at, updated_at = now()`,
      [JSON.stringify(rows)],
    );
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
    const flagged = patches.filter((p) => p.machine !== undefined);
    const before = flagged.length === 0 ? [] : await trx('users').whereIn('id', flagged.map((p) => p.id)).select('id', 'machine');
    await trx.raw(
      `insert into users (id, account_id, email, role, power_user, champion, machine, traits, deleted_at, updated_at)
       select v.id, v.account_id, v.email, v.role, coalesce(v.power_user, false), coalesce(v.champion, false), coalesce(v.machine, false), v.traits,
              case when v.deleted = 'set' then v.deleted_at end, now()
       from jsonb_to_recordset(?::jsonb) as v(id text, account_id text, email text, role text, power_user boolean,
            champion boolean, machine boolean, traits jsonb, deleted text, deleted_at timestamptz)
       on conflict (id) do update set
         account_id = coalesce(excluded.account_id, users.account_id),
         email = coalesce(excluded.email, users.email), role = coalesce(excluded.role, users.role),
         power_user = case when excluded.traits \\? 'power_user' then excluded.power_user else users.power_user end,
         champion = case when excluded.traits \\? 'champion' then excluded.champion else users.champion end,
         -- only identities whose traits said what they are (the map of id → machine) change
         machine = coalesce((?::jsonb->>users.id)::boolean, users.machine),
         traits = users.traits || excluded.traits,
         -- the first deletion time is the fact; a later "deleted: false" restores the user
         deleted_at = case when excluded.traits \\? 'deleted' and (excluded.traits->>'deleted')::boolean is false then null
                           else coalesce(users.deleted_at, excluded.deleted_at) end,
         updated_at = now()`,
      [JSON.stringify(patches), JSON.stringify(Object.fromEntries(flagged.map((p) => [p.id, p.machine])))],
    );
    // An identity never seen in users counted as a person (tracks do not create users).
    const was = new Map(before.map((r) => [r.id as string, r.machine as boolean]));
    const nowMachine = flagged.filter((p) => p.machine === true && was.get(p.id) !== true).map((p) => p.id);
    const nowPerson = flagged.filter((p) => p.machine === false && was.get(p.id) === true).map((p) => p.id);
    // Rare (an identity is classified once), so plain scans: the days that counted the new machine
    // as a person, and the days with events of an identity that turns out to be a person.
    const rows = [
      ...(nowMachine.length === 0 ? [] : (await trx.raw(
        `select account_id, to_char(day, 'YYYY-MM-DD') as day from daily_account_metrics where user_keys && ?::text[]`, [pgArray(nowMachine)])).rows),
      ...(nowPerson.length === 0 ? [] : (await trx.raw(
        `select distinct account_id, to_char((occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day
         from usage_events where user_id = any(?::text[]) and account_id is not null`, [pgArray(nowPerson)])).rows),
    ];
    return rows.map((r: { account_id: string; day: string }) => ({ accountId: r.account_id, day: r.day }));
  }

  /** Events stored before their user was linked to an account now count for it. */
  async function attachWaitingEvents(trx: Knex.Transaction, links: Array<{ userId: string; accountId: string }>): Promise<AccountDay[]> {
    if (links.length === 0) return [];
    const result = await trx.raw(
      `update usage_events e set account_id = l.account_id
       from unnest(?::text[], ?::text[]) as l(user_id, account_id)
       where e.account_id is null and e.user_id = l.user_id
       returning e.account_id, to_char((e.occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day`,
      [pgArray(links.map((l) => l.userId)), pgArray(links.map((l) => l.accountId))],
    );
    return result.rows.map((r: { account_id: string; day: string }) => ({ accountId: r.account_id, day: r.day }));
  }

  async function insertEvents(
    trx: Knex.Transaction,
    tracks: TrackMessage[],
    sourceId: number | null,
    receivedAt: string,
  ): Promise<{ stored: number; touched: AccountDay[]; events: StoredEvent[] }> {
    if (tracks.length === 0) return { stored: 0, touched: [], events: [] };
    const cols = {
      message_id: [] as string[], account_id: [] as (string | null)[], user_id: [] as (string | null)[],
      anonymous_id: [] as (string | null)[], event: [] as string[], occurred_at: [] as string[], properties: [] as string[],
      is_login: [] as boolean[], session_minutes: [] as number[], feature: [] as (string | null)[],
      action_kind: [] as (string | null)[], api_calls: [] as number[], storage_used: [] as (number | null)[],
    };
    // A track without a group id counts for its user's account, when the user has one.
    const needAccount = [...new Set(tracks.flatMap((m) => (!m.context?.groupId && m.userId ? [m.userId] : [])))];
    const userAccount = new Map<string, string>();
    if (needAccount.length > 0) {
      const rows = await trx.raw('select id, account_id from users where id = any(?::text[]) and account_id is not null', [pgArray(needAccount)]);
      for (const r of rows.rows as Array<{ id: string; account_id: string }>) userAccount.set(r.id, r.account_id);
    }
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
      cols.properties.push(JSON.stringify(m.properties));
      cols.is_login.push(x.isLogin);
      cols.session_minutes.push(x.sessionMinutes);
      cols.feature.push(x.feature);
      cols.action_kind.push(x.actionKind);
      cols.api_calls.push(x.apiCalls);
      cols.storage_used.push(x.storageUsed);
      if (accountId !== null) {
        const day = new Date(occurredAt).toISOString().slice(0, 10);
        touched.set(`${accountId}\u0000${day}`, { accountId, day });
      }
    }
    // One multi-row insert from parallel arrays. A resent message is skipped by the unique index; its
    // day is still recomputed, which changes nothing.
    const result = await trx.raw(
      `insert into usage_events (message_id, source_id, account_id, user_id, anonymous_id, event, occurred_at, received_at,
                                 properties, is_login, session_minutes, feature, action_kind, api_calls, storage_used)
       select v.message_id, ?::bigint, v.account_id, v.user_id, v.anonymous_id, v.event, v.occurred_at,
              ?::timestamptz, v.properties, v.is_login, v.session_minutes, v.feature, v.action_kind, v.api_calls, v.storage_used
       from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::jsonb[], ?::boolean[],
                   ?::float8[], ?::text[], ?::text[], ?::bigint[], ?::float8[])
            as v(message_id, account_id, user_id, anonymous_id, event, occurred_at, properties, is_login, session_minutes,
                 feature, action_kind, api_calls, storage_used)
       on conflict (message_id) do nothing`,
      [sourceId, receivedAt, ...Object.values(cols).map(pgArray)],
    );
    const features = [...new Set(cols.feature.filter((f): f is string => f !== null))];
    if (features.length > 0) {
      await trx.raw('insert into features (name) select unnest(?::text[]) on conflict do nothing', [pgArray(features)]);
    }
    // Events for the real-time rules: a resent message is among them again, which the alert's
    // dedup absorbs (RETURNING only the new rows would cost the insert its speed).
    const events: StoredEvent[] = cols.account_id.flatMap((accountId, i) =>
      accountId === null
        ? []
        : [{ messageId: cols.message_id[i]!, occurredAt: cols.occurred_at[i]!, receivedAt, accountId, userId: cols.user_id[i]!, event: cols.event[i]!, properties: tracks[i]!.properties }],
    );
    return { stored: (result.rowCount ?? 0) as number, touched: [...touched.values()], events };
  }

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
      const groups = messages.filter((m): m is GroupMessage => m.type === 'group');
      const identifies = messages.filter((m): m is IdentifyMessage => m.type === 'identify');
      const tracks = messages.filter((m): m is TrackMessage => m.type === 'track');

      let newEvents: StoredEvent[] = [];
      const stored = await db.transaction(async (trx) => {
        // Small statements over arrays the planner guesses at 100 rows each: on a large table their
        // estimates cross jit_above_cost and each batch paid ~0.2 s of JIT compiling for milliseconds
        // of work (the same reason the recomputation turns it off).
        await trx.raw('set local jit = off');
        const groupIds = [...new Set(groups.map((g) => g.groupId))];
        const churnBefore = await churnStates(trx, groupIds);
        await upsertAccounts(trx, groups, receivedAt);
        await recordChurnChanges(trx, churnBefore, churnChanges(groups, receivedAt), 'tracking');
        const reclassified = await upsertUsers(trx, userPatches(groups, identifies, tracks, receivedAt));
        const links = groups.flatMap((g) => (g.userId ? [{ userId: g.userId, accountId: g.groupId }] : []));
        const attached = await attachWaitingEvents(trx, links);
        const inserted = await insertEvents(trx, tracks, opts.sourceId, receivedAt);
        await saveOutcomes(trx, inserted.events.flatMap((e) => outcomeFromEvent(e.accountId, e.event, e.properties, e.occurredAt) ?? []));
        // After the churns: a day with a churn records no contraction beside it.
        await recordArrChanges(trx, 'tracking', groupIds);
        // Takes the per-account locks that keep concurrent requests from losing each other's events.
        await recomputeDays(trx, [...attached, ...reclassified, ...inserted.touched]);
        newEvents = inserted.events;
        if (listeners.queue && newEvents.length > 0) await listeners.queue(trx, newEvents);
        return inserted.stored;
      });
      if (listeners.afterCommit && newEvents.length > 0) {
        listeners.afterCommit().catch((err: unknown) => console.error('event rules failed (the worker retries from the queue)', err));
      }
      return { accepted: valid.length, stored, rejected };
    },
  };
}
