// Team members as sign-in and the manager's view see them: who an address or id is, and who
// reports to whom (read through the team repository; the table is written by the directory).
import type { Db } from '../../runtime/db.js';
import { accessRoleOf, type Role } from '../../domain/access/schemas.js';
import { createTeamRepository, type TeamMemberRow } from '../accounts/teamRepository.js';

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  managerId: string | null;
}

const view = (r: TeamMemberRow): Member => ({ id: r.id, name: r.name, email: r.email, role: accessRoleOf(r.role), managerId: r.manager_id });

export function createMemberReader(db: Db) {
  const team = createTeamRepository(db);
  return {
    async byEmail(email: string): Promise<Member | null> {
      const row = await team.byEmail(email);
      return row ? view(row) : null;
    },
    async byId(id: string): Promise<Member | null> {
      const row = await team.get(id);
      return row ? view(row) : null;
    },
    /** Everyone below `managerId` in the management chain (direct and indirect reports). */
    async reportsOf(managerId: string): Promise<Member[]> {
      return (await team.reportsOf(managerId)).map(view);
    },
  };
}
export type MemberReader = ReturnType<typeof createMemberReader>;
