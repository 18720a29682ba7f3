// Out-of-office rerouting at fire time: reads team members (through the caller's transaction) and
// answers who takes a new alert whose owner is away (domain/windows/outOfOffice.ts decides).
import type { Knex } from 'knex';
import { availableOwner, type Rerouted } from '../../domain/windows/outOfOffice.js';

export async function rerouteIfAway(trx: Knex | Knex.Transaction, ownerId: string, at: string): Promise<Rerouted> {
  return availableOwner(ownerId, Date.parse(at), async (id) => {
    const r = await trx('team_members').where({ id }).first('id', 'manager_id', 'out_of_office');
    return r ? { id: r.id, managerId: r.manager_id, outOfOffice: r.out_of_office ?? null } : null;
  });
}
