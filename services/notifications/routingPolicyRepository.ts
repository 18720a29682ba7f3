// The only code that reads or writes routing_policy_versions: routing policies, one immutable row
// per version; the current policy is the highest version of its name.
import type { Db } from '../../runtime/db.js';
import type { RoutingPolicyInput } from '../../domain/notifications/schemas.js';
import { isoTime } from '../shared/isoTime.js';

export interface RoutingPolicyVersion extends RoutingPolicyInput {
  name: string;
  version: number;
  changedBy: string;
  changedAt: string;
  reason: string;
}

/** A row of `routing_policy_versions`. */
export type RoutingPolicyVersionRow = {
  name: string;
  version: number;
  definition: RoutingPolicyInput;
  changed_by: string;
  changed_at: Date;
  reason: string;
};

function view(r: RoutingPolicyVersionRow): RoutingPolicyVersion {
  return { ...r.definition, name: r.name, version: r.version, changedBy: r.changed_by, changedAt: isoTime(r.changed_at)!, reason: r.reason };
}

export function createRoutingPolicyRepository(db: Db) {
  return {
    async current(name: string): Promise<RoutingPolicyVersion | null> {
      const row = await db('routing_policy_versions').where({ name }).orderBy('version', 'desc').first();
      return row ? view(row) : null;
    },

    async versions(name: string): Promise<RoutingPolicyVersion[]> {
      return (await db('routing_policy_versions').where({ name }).orderBy('version', 'desc')).map(view);
    },

    /** Appends the next version. Two concurrent saves race for the same number: the primary key
     * refuses the second, which retries on top of the first. */
    async append(name: string, definition: RoutingPolicyInput, changedBy: string, reason: string): Promise<RoutingPolicyVersion> {
      for (let attempt = 0; ; attempt++) {
        const latest = await db('routing_policy_versions').where({ name }).max('version as v').first();
        const version = Number(latest?.v ?? 0) + 1;
        const inserted = await db('routing_policy_versions')
          .insert({ name, version, definition: JSON.stringify(definition), changed_by: changedBy, reason })
          .onConflict(['name', 'version'])
          .ignore()
          .returning('*');
        if (inserted.length > 0) return view(inserted[0]);
        if (attempt >= 5) throw new Error(`could not save routing policy "${name}": version ${version} keeps being taken`);
      }
    },
  };
}

export type RoutingPolicyRepository = ReturnType<typeof createRoutingPolicyRepository>;
