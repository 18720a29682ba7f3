// The only code that reads or writes `escalation_policies`: named policies, validated on the way out.
import type { Db } from '../../runtime/db.js';
import { escalationPolicySchema, type EscalationPolicy } from '../../domain/alerts/schemas.js';

export function createEscalationPolicyRepository(db: Db) {
  return {
    /** The named policy, or undefined when there is none. */
    async get(name: string): Promise<EscalationPolicy | undefined> {
      const row: { policy: unknown } | undefined = await db('escalation_policies').where({ name }).first('policy');
      return row ? escalationPolicySchema.parse(row.policy) : undefined;
    },
    async put(name: string, policy: EscalationPolicy): Promise<void> {
      await db('escalation_policies')
        .insert({ name, policy: JSON.stringify(policy), updated_at: db.fn.now() })
        .onConflict('name')
        .merge();
    },
  };
}
