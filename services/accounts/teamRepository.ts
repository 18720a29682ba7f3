// The only code that reads `team_members` for other features (alert routing and escalation, the
// weekly summary's recipients, reference checks). The directory's upsert and listing are still in
// directory.ts (declared as pending in test/shared/tableOwnership.test.ts).
import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** A row of `team_members`. */
export type TeamMemberRow = {
  id: string;
  name: string;
  email: string;
  role: string;
  manager_id: string | null;
};

export function createTeamRepository(db: Conn) {
  const members = () => db<TeamMemberRow>('team_members');
  return {
    async get(id: string): Promise<TeamMemberRow | undefined> {
      return members().where({ id }).first();
    },
    async managerOf(id: string): Promise<string | null | undefined> {
      return (await members().where({ id }).first('manager_id'))?.manager_id;
    },
    async withRoles(roles: readonly string[]): Promise<Array<Pick<TeamMemberRow, 'id' | 'name' | 'email'>>> {
      return members().whereIn('role', [...roles]).orderBy('id').select('id', 'name', 'email');
    },
    /** The ids among `ids` that are team members' (one query). */
    async known(ids: string[]): Promise<Set<string>> {
      return new Set((await members().whereIn('id', ids).pluck('id')) as string[]);
    },
  };
}

export type TeamRepository = ReturnType<typeof createTeamRepository>;
