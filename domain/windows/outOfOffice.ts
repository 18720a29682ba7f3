// Out of office, pure: whether a team member is away at an instant, and who takes their new alerts
// (their backup, else their manager), following the chain past anyone who is away too.
export interface OutOfOffice {
  from: string;
  until: string;
  backupId?: string | null;
}

export interface Member {
  id: string;
  managerId: string | null;
  outOfOffice: OutOfOffice | null;
}

export function isAway(ooo: OutOfOffice | null, atMs: number): ooo is OutOfOffice {
  return ooo !== null && Date.parse(ooo.from) <= atMs && atMs < Date.parse(ooo.until);
}

export interface Rerouted {
  /** Who was away, until when, and who took the alert in their place (by backup or manager). */
  hops: Array<{ ownerId: string; until: string; to: string; via: 'backup' | 'manager' }>;
  ownerId: string;
}

/** Who owns a new alert meant for `ownerId` at `atMs`; `load` reads one member. Stops at someone
 * present, at the end of the chain (the last one away keeps it: someone must), or at a loop. */
export async function availableOwner(ownerId: string, atMs: number, load: (id: string) => Promise<Member | null>): Promise<Rerouted> {
  const hops: Rerouted['hops'] = [];
  const seen = new Set<string>([ownerId]);
  let current = ownerId;
  for (;;) {
    const member = await load(current);
    if (!member || !isAway(member.outOfOffice, atMs)) break;
    const via = member.outOfOffice.backupId ? 'backup' : 'manager';
    const next = member.outOfOffice.backupId ?? member.managerId;
    if (!next || seen.has(next)) break;
    hops.push({ ownerId: current, until: member.outOfOffice.until, to: next, via });
    seen.add(next);
    current = next;
  }
  return { hops, ownerId: current };
}
