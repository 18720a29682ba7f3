// Escalation policies are data: read at fire time, replaced whole through the API.
import type { Db } from '../../runtime/db.js';
import { createEscalationPolicyRepository } from './escalationPolicyRepository.js';
import type { EscalationPolicy } from '../../domain/alerts/schemas.js';
import { NotFoundError } from '../shared/errors.js';

export async function loadPolicy(db: Db, name = 'default'): Promise<EscalationPolicy> {
  const policy = await createEscalationPolicyRepository(db).get(name);
  if (!policy) throw new NotFoundError(`no escalation policy "${name}"`);
  return policy;
}

export async function savePolicy(db: Db, name: string, policy: EscalationPolicy): Promise<EscalationPolicy> {
  await createEscalationPolicyRepository(db).put(name, policy);
  return policy;
}
