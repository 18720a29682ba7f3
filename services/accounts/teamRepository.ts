// The only code that reads or writes `team_members` for other features (alert routing and escalation,
// the weekly summary's recipients, sign-in's look-ups, reference checks, bulk loads' checks, the dev
// loaders' unchecked upsert, the directory's checked upsert and listing).
import type { Knex } from 'knex';
import { missingReferences, type MissingReference } from '../shared/stagedReferences.js';
import { keyset } from '../shared/keyset.js';

type Conn = Knex | Knex.Transaction;

/** A row of `team_members`. */
export type TeamMemberRow = {
  id: string;
  name: string;
  email: string;
  role: string;
  manager_id: string | null;
  timezone?: string | null;
  working_hours?: { start: string; end: string; days: number[] } | null;
  out_of_office?: { from: string; until: string; backupId?: string | null } | null;
  slack_user_id?: string | null;
  updated_at?: Date;
};

export function createTeamRepository(db: Conn) {
  const members = () => db<TeamMemberRow>('team_members');
  return {
    async get(id: string): Promise<TeamMemberRow | undefined> {
      return members().where({ id }).first();
    },
    /** The member `levels` steps up the manager chain from `id` (0: that member); null when the chain ends first. */
    async upChain(id: string | null, levels: number): Promise<TeamMemberRow | null> {
      let at = id;
      for (let i = 0; i < levels && at; i++) at = (await members().where({ id: at }).first('manager_id'))?.manager_id ?? null;
      return at ? ((await members().where({ id: at }).first()) ?? null) : null;
    },
    async managerOf(id: string): Promise<string | null | undefined> {
      return (await members().where({ id }).first('manager_id'))?.manager_id;
    },
    async withRoles(roles: readonly string[]): Promise<Array<Pick<TeamMemberRow, 'id' | 'name' | 'email'>>> {
      return members().whereIn('role', [...roles]).orderBy('id').select('id', 'name', 'email');
    },
    /** The member a Slack user is (Slack interactions name their user by Slack id). */
    async bySlackUserId(slackUserId: string): Promise<TeamMemberRow | undefined> {
      return members().where({ slack_user_id: slackUserId }).first();
    },
    /** The member with this address (case-insensitive; the lowest id when several share it). */
    async byEmail(email: string): Promise<TeamMemberRow | undefined> {
      return members().whereRaw('lower(email) = ?', [email.toLowerCase()]).orderBy('id').first();
    },
    /** Everyone below `managerId` in the management chain (direct and indirect reports), by name. */
    async reportsOf(managerId: string): Promise<TeamMemberRow[]> {
      const { rows } = await db.raw(
        `with recursive below as (
           select * from team_members where manager_id = ?
           union select t.* from team_members t join below b on t.manager_id = b.id)
         select * from below order by name`,
        [managerId],
      );
      return rows;
    },
    /** The first 100 lines of a staged import (a temp table) whose `columns` name no team member. */
    missingIn(staged: string, columns: readonly string[]): Promise<MissingReference[]> {
      return missingReferences(db, staged, columns, (ref) => `exists (select 1 from team_members t where t.id = ${ref})`);
    },
    /** Inserts or replaces members as given, without the directory's reference checks (a dev
     * loader's world is consistent by construction; managers must come first). */
    async upsertUnchecked(rows: TeamMemberRow[]): Promise<void> {
      for (const row of rows) await members().insert(row).onConflict('id').merge();
    },
    /** Members by id, `limit + 1` of them after the cursor (a keyset page). */
    async list(page: { limit: number; after?: string }): Promise<TeamMemberRow[]> {
      return keyset(members(), { table: 'team_members', columns: ['id'], direction: 'asc' }, { limit: page.limit, cursor: page.after });
    },
    /** Inserts or replaces one member (the directory checked its references); answers the row. */
    async put(row: Omit<TeamMemberRow, 'working_hours' | 'out_of_office'> & { working_hours: string | null; out_of_office: string | null }): Promise<TeamMemberRow & { updated_at: Date }> {
      const [written] = await db('team_members').insert({ ...row, updated_at: db.fn.now() }).onConflict('id').merge().returning('*');
      return written;
    },
    /** The ids among `ids` that are team members' (one query). */
    async known(ids: string[]): Promise<Set<string>> {
      return new Set((await members().whereIn('id', ids).pluck('id')) as string[]);
    },
  };
}

export type TeamRepository = ReturnType<typeof createTeamRepository>;
