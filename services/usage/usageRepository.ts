// The only code that reads or writes `users`, `usage_events` and `features`: the intake's set-based
// writes (users upserted from identify/group calls, events inserted from parallel arrays, waiting
// events attached to newly linked accounts), the bulk loads' statements over their staged temp
// tables, the look-ups real-time rules and the account page make, and the dev/bench COPY of event
// history. The daily metrics derived from these tables are written by dailyMetrics.ts, whose one
// set-based recomputation reads them (a declared read in test/shared/tableOwnership.test.ts).
import type { Knex } from 'knex';
import { pgArray, textArray } from '../../runtime/pgArray.js';
import { copyRows } from './bulkRecords.js';

type Conn = Knex | Knex.Transaction;

/** The `users` columns a customer notice needs. */
export type UserContactRow = {
  id: string;
  email: string;
  traits: Record<string, unknown> | null;
};

/** One user's changes from a batch of identify/group/track calls (absent fields are left as stored). */
export interface UserPatch {
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

/** A row of `users` as written by the dev loaders and tests (no intake merge rules). */
export type UserRow = {
  id: string;
  account_id: string | null;
  email?: string | null;
  role?: string | null;
  power_user?: boolean;
  champion?: boolean;
  machine?: boolean;
  traits?: string;
};

/** Tracked events as parallel arrays, one entry per event (the intake's multi-row insert). */
export interface EventColumns {
  message_id: string[];
  account_id: (string | null)[];
  user_id: (string | null)[];
  anonymous_id: (string | null)[];
  event: string[];
  occurred_at: string[];
  /** Sent as one JSON array (no per-event JSON text escaped again as an array element). */
  properties: Array<Record<string, unknown>>;
  is_login: boolean[];
  session_minutes: number[];
  feature: (string | null)[];
  action_kind: (string | null)[];
  api_calls: number[];
  storage_used: (number | null)[];
}

/** The usage_events columns of a stored track message, in COPY order. */
export const EVENT_COLUMNS = [
  'message_id', 'account_id', 'user_id', 'anonymous_id', 'event', 'occurred_at', 'properties',
  'is_login', 'session_minutes', 'feature', 'action_kind', 'api_calls', 'storage_used',
] as const;

/** An account's day, as the daily-metrics recomputation takes it. */
export type AccountDayRow = { account_id: string; day: string };

export function createUsageRepository(db: Conn) {
  const reachable = (accountId: string) => db('users').where({ account_id: accountId }).whereNull('deleted_at').whereNotNull('email').orderBy('id');
  return {
    /** The account's reachable (not deleted, with an email) champions. */
    async champions(accountId: string): Promise<UserContactRow[]> {
      return reachable(accountId).where({ champion: true }).select('id', 'email', 'traits');
    },
    /** The account's reachable users with the admin role. */
    async admins(accountId: string): Promise<UserContactRow[]> {
      return reachable(accountId).where({ role: 'admin' }).select('id', 'email', 'traits');
    },

    /** The stored machine flag of each of these users (users not stored are absent). */
    async machineFlags(ids: string[]): Promise<Map<string, boolean>> {
      if (ids.length === 0) return new Map();
      const rows: Array<{ id: string; machine: boolean }> = await db('users').whereIn('id', ids).select('id', 'machine');
      return new Map(rows.map((r) => [r.id, r.machine]));
    },
    /**
     * Upserts the users of a batch in one statement: fields a patch leaves out keep their value,
     * traits merge, `machine` changes only for the ids in `machine` (those whose traits said what
     * they are), the first deletion time is kept and a later "deleted: false" restores the user.
     */
    async upsertPatches(patches: UserPatch[], machine: Record<string, boolean>): Promise<void> {
      if (patches.length === 0) return;
      await db.raw(
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
           machine = coalesce((?::jsonb->>users.id)::boolean, users.machine),
           traits = users.traits || excluded.traits,
           deleted_at = case when excluded.traits \\? 'deleted' and (excluded.traits->>'deleted')::boolean is false then null
                             else coalesce(users.deleted_at, excluded.deleted_at) end,
           updated_at = now()`,
        [JSON.stringify(patches), JSON.stringify(machine)],
      );
    },
    /** Inserts users as given (dev loaders and fixtures; the intake uses upsertPatches). */
    async insertUsers(rows: UserRow[]): Promise<void> {
      if (rows.length > 0) await db('users').insert(rows);
    },
    /** The account of each of these users that has one. */
    async accountsOfUsers(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.raw('select id, account_id from users where id = any(?::text[]) and account_id is not null', [pgArray(ids)]);
      return new Map((rows as Array<{ id: string; account_id: string }>).map((r) => [r.id, r.account_id]));
    },
    /** The users among `ids` that are champions, or (`power`) power users or champions. */
    async keyUsers(ids: string[], kind: 'champion' | 'power'): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db('users')
        .whereIn('id', ids)
        .where((q) => (kind === 'champion' ? q.where('champion', true) : q.where('power_user', true).orWhere('champion', true)))
        .pluck('id');
      return new Set(rows as string[]);
    },
    /** Each power user or champion of the account, with the days from their last login to `asOf`. */
    async powerUserLogins(accountId: string, asOf: string): Promise<Array<{ id: string; email: string | null; champion: boolean; deleted_at: Date | null; days_since_last_login: number | null }>> {
      const { rows } = await db.raw(
        `select u.id, u.email, u.champion, u.deleted_at,
                ?::date - (l.at at time zone 'UTC')::date as days_since_last_login
         from users u
         left join lateral (
           select e.occurred_at as at from usage_events e
           where e.user_id = u.id and e.is_login and e.occurred_at < ((?::date + 1)::timestamp at time zone 'UTC')
           order by e.occurred_at desc limit 1
         ) l on true
         where u.account_id = ? and (u.power_user or u.champion)
         order by u.id`,
        [asOf, asOf, accountId],
      );
      return rows;
    },

    /** Inserts the events of one intake batch from parallel arrays (one statement); a message id
     * already stored is skipped. Answers how many were new. */
    async insertEvents(cols: EventColumns, sourceId: number | null, receivedAt: string): Promise<number> {
      const result = await db.raw(
        `insert into usage_events (message_id, source_id, account_id, user_id, anonymous_id, event, occurred_at, received_at,
                                   properties, is_login, session_minutes, feature, action_kind, api_calls, storage_used)
         select v.message_id, ?::bigint, v.account_id, v.user_id, v.anonymous_id, v.event, v.occurred_at,
                ?::timestamptz, v.properties, v.is_login, v.session_minutes, v.feature, v.action_kind, v.api_calls, v.storage_used
         from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                     (select array_agg(p order by i) from jsonb_array_elements(?::jsonb) with ordinality as x(p, i)),
                     ?::boolean[], ?::float8[], ?::text[], ?::text[], ?::bigint[], ?::float8[])
              as v(message_id, account_id, user_id, anonymous_id, event, occurred_at, properties, is_login, session_minutes,
                   feature, action_kind, api_calls, storage_used)
         on conflict (message_id) do nothing`,
        [sourceId, receivedAt, ...EVENT_COLUMNS.map((c) => (c === 'properties' ? JSON.stringify(cols.properties) : textArray(cols[c])))],
      );
      return (result.rowCount ?? 0) as number;
    },
    /** Adds feature names to the catalogue (known ones are left). */
    async addFeatures(names: string[]): Promise<void> {
      if (names.length > 0) await db.raw('insert into features (name) select unnest(?::text[]) on conflict do nothing', [pgArray(names)]);
    },
    /** Events stored before their user was linked to an account now count for it; answers the
     * (account, day) pairs they moved into. */
    async attachWaitingEvents(links: Array<{ userId: string; accountId: string }>): Promise<AccountDayRow[]> {
      if (links.length === 0) return [];
      const { rows } = await db.raw(
        `update usage_events e set account_id = l.account_id
         from unnest(?::text[], ?::text[]) as l(user_id, account_id)
         where e.account_id is null and e.user_id = l.user_id
         returning e.account_id, to_char((e.occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day`,
        [pgArray(links.map((l) => l.userId)), pgArray(links.map((l) => l.accountId))],
      );
      return rows;
    },
    /** The (account, day) pairs with events of these users (a plain scan: rare). */
    async eventDaysOfUsers(ids: string[]): Promise<AccountDayRow[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.raw(
        `select distinct account_id, to_char((occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day
         from usage_events where user_id = any(?::text[]) and account_id is not null`,
        [pgArray(ids)],
      );
      return rows;
    },
    /** Whether the account has an event of this name, containing `properties`, before the given one
     * (by time, then message id): an event rule's "first time". */
    async hasEarlierEvent(e: { accountId: string; event: string; occurredAt: string; messageId: string }, properties: Record<string, unknown>): Promise<boolean> {
      const before = await db('usage_events')
        .where({ account_id: e.accountId, event: e.event })
        .whereRaw('properties @> ?::jsonb', [JSON.stringify(properties)])
        .where((q) => q.where('occurred_at', '<', e.occurredAt).orWhere((q2) => q2.where('occurred_at', e.occurredAt).where('message_id', '<', e.messageId)))
        .first('id');
      return before !== undefined;
    },

    // Bulk loads: statements over a staged temp table holding usage_events columns and a `line`.
    /** Fills the staged rows' missing account from their user's account, when the user has one. */
    async fillStagedAccounts(staged: string): Promise<void> {
      await db.raw(
        `update ?? i set account_id = u.account_id from users u
         where i.account_id is null and u.id = i.user_id and u.account_id is not null`,
        [staged],
      );
    },
    /** Inserts the staged events in line order (a message id already stored is skipped); answers how many were new. */
    async insertStagedEvents(staged: string, columns: readonly string[]): Promise<number> {
      const result = await db.raw(
        `insert into usage_events (account_id, ${columns.join(', ')})
         select account_id, ${columns.join(', ')} from ?? order by line
         on conflict (message_id) do nothing`,
        [staged],
      );
      return (result.rowCount ?? 0) as number;
    },
    /** Adds the staged events' feature names to the catalogue. */
    async addStagedFeatures(staged: string): Promise<void> {
      await db.raw('insert into features (name) select distinct feature from ?? where feature is not null on conflict do nothing', [staged]);
    },

    /** COPYs event rows (EVENT_COLUMNS order, valid by construction) straight into usage_events:
     * the simulator's history and the benchmarks' baseline. The features they name are not catalogued
     * (catalogueStoredFeatures does that once after a load). */
    async copyEvents(rows: AsyncIterable<unknown[]>): Promise<number> {
      const run = (trx: Knex.Transaction) => copyRows(trx, 'usage_events', EVENT_COLUMNS, rows);
      return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
    },
    /** Catalogues every feature named by a stored event (after a COPY). */
    async catalogueStoredFeatures(): Promise<void> {
      await db.raw('insert into features (name) select distinct feature from usage_events where feature is not null on conflict do nothing');
    },
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
