// Out-of-office rerouting at fire time: answers who takes a new alert whose owner is away
// (domain/windows/outOfOffice.ts decides), reading team members through their repository.
import type { TeamRepository } from '../accounts/teamRepository.js';
import { availableOwner, type Rerouted } from '../../domain/windows/outOfOffice.js';

export async function rerouteIfAway(team: Pick<TeamRepository, 'get'>, ownerId: string, at: string): Promise<Rerouted> {
  return availableOwner(ownerId, Date.parse(at), async (id) => {
    const r = await team.get(id);
    return r ? { id: r.id, managerId: r.manager_id, outOfOffice: r.out_of_office ?? null } : null;
  });
}
