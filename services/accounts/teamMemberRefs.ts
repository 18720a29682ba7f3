// References to team members (an account's owner and account executive, a team member's manager, a
// touchpoint's recorder) are checked before writing, so a bad id answers with the field it came in
// rather than a foreign-key error. One message and one lookup for every writer.
import type { Knex } from 'knex';
import type { FieldIssue } from '../shared/errors.js';
import { createTeamRepository } from './teamRepository.js';

export const noTeamMember = (id: string) => `no team member with id "${id}"`;

/** The ids among `ids` that are no team member's (one query). */
export async function unknownTeamMembers(db: Knex | Knex.Transaction, ids: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Set();
  const known = await createTeamRepository(db).known(wanted);
  return new Set(wanted.filter((id) => !known.has(id)));
}

/** An issue for each named field whose id is no team member's, in the order given. */
export async function teamMemberIssues(db: Knex | Knex.Transaction, refs: Array<[path: string, id: string | null | undefined]>): Promise<FieldIssue[]> {
  const given = refs.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '');
  const unknown = await unknownTeamMembers(db, given.map(([, id]) => id));
  return given.filter(([, id]) => unknown.has(id)).map(([path, id]) => ({ path, message: noTeamMember(id) }));
}
