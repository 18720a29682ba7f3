// Escalation policies are data: read at fire time, replaced whole through the API.
import type { Db } from '../../runtime/db.js';
import { escalationPolicySchema, type EscalationPolicy } from '../../domain/alerts/schemas.js';
import { NotFoundError } from '../shared/errors.js';

export async function loadPolicy(db: Db, name = 'default'): Promise<EscalationPolicy> {
  const row = await db('escalation_policies').where({ name }).first('policy');
  if (!row) throw new NotFoundError(`no escalation policy "${name}"`);
  return escalationPolicySchema.parse(row.policy);
}

export async function savePolicy(db: Db, name: string, policy: EscalationPolicy): Promise<EscalationPolicy> {
  await db('escalation_policies')
    .insert({ name, policy: JSON.stringify(policy), updated_at: db.fn.now() })
    .onConflict('name')
    .merge();
  return policy;
}
