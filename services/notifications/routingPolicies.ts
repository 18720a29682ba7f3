// Routing policies as admins read and change them: the current version, its history, and a change
// (a new version saying who and why). Alerts read the current version when they notify and record
// which version routed them.
import type { Db } from '../../runtime/db.js';
import type { RoutingPolicyInput } from '../../domain/notifications/schemas.js';
import { NotFoundError } from '../shared/errors.js';
import { createRoutingPolicyRepository } from './routingPolicyRepository.js';

export function createRoutingPolicyService(db: Db) {
  const repo = createRoutingPolicyRepository(db);
  return {
    async get(name: string) {
      const policy = await repo.current(name);
      if (!policy) throw new NotFoundError(`no routing policy "${name}"`);
      return policy;
    },
    async versions(name: string) {
      const items = await repo.versions(name);
      if (items.length === 0) throw new NotFoundError(`no routing policy "${name}"`);
      return { items };
    },
    async put(name: string, input: RoutingPolicyInput & { reason: string }, actor: string) {
      const { reason, ...definition } = input;
      return repo.append(name, definition, actor, reason);
    },
  };
}

export type RoutingPolicyService = ReturnType<typeof createRoutingPolicyService>;
