// Reads of team_members for sign-in and the manager's view (the table is written only by
// services/accounts/directory.ts): who an address or id is, and who reports to whom.
import type { Db } from '../../runtime/db.js';
import { accessRoleOf, type Role } from '../../domain/access/schemas.js';

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  managerId: string | null;
}

const view = (r: Record<string, any>): Member => ({ id: r.id, name: r.name, email: r.email, role: accessRoleOf(r.role), managerId: r.manager_id });

export function createMemberReader(db: Db) {
  return {
    async byEmail(email: string): Promise<Member | null> {
      const row = await db('team_members').whereRaw('lower(email) = ?', [email.toLowerCase()]).orderBy('id').first();
      return row ? view(row) : null;
    },
    async byId(id: string): Promise<Member | null> {
      const row = await db('team_members').where({ id }).first();
      return row ? view(row) : null;
    },
    /** Everyone below `managerId` in the management chain (direct and indirect reports). */
    async reportsOf(managerId: string): Promise<Member[]> {
      const { rows } = await db.raw(
        `with recursive below as (
           select * from team_members where manager_id = ?
           union select t.* from team_members t join below b on t.manager_id = b.id)
         select * from below order by name`,
        [managerId],
      );
      return rows.map(view);
    },
  };
}
export type MemberReader = ReturnType<typeof createMemberReader>;
