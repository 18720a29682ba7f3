// The web app's read model. Reads alerts, accounts and team_members (owned by the alerts and
// accounts features) and the escalation policy; writes nothing.
import type { Db } from '../../runtime/db.js';
import { parseDuration } from '../../domain/shared/duration.js';
import { OPEN_STATUSES, type Severity } from '../../domain/alerts/alert.js';
import { rankInbox, TAB_STATUSES, tabOf, INBOX_TABS, type InboxTab } from '../../domain/web/inbox.js';
import type { InboxQuery } from '../../domain/web/schemas.js';
import { loadPolicy } from '../alerts/policies.js';
import { createMemberReader } from '../access/members.js';
import { isoTime as iso } from '../shared/isoTime.js';
import type { Role } from '../../domain/access/schemas.js';
import type { AlertRow } from '../alerts/alertRepository.js';
import type { TeamMemberRow } from '../accounts/teamRepository.js';

/** What openAlerts selects: an open alert with its owner's and account's names. */
type OpenAlertRow = Pick<
  AlertRow,
  'id' | 'title' | 'rule_key' | 'severity' | 'category' | 'status' | 'owner_id' | 'account_id' | 'fired_at' | 'notified_at'
> & {
  owner_name: string | null;
  account_name: string;
  segment: string | null;
  arr_cents: number | null;
  renewal_date: string | null;
};

/** What the acknowledgement query selects: each owner's median minutes from firing to acknowledgement. */
type AckMedianRow = { owner_id: string; median: number };

/** Who is looking: their role and, when signed in, their team member id. */
export interface Viewer {
  role: Role;
  memberId: string | null;
}

// Statuses whose acknowledgement clock runs (an acknowledged or snoozed alert has none running).
const CLOCK_RUNNING = new Set(['fired', 'suppressed', 'notified', 'escalated']);

export function createInboxReadModel(db: Db) {
  const members = createMemberReader(db);

  /** Whose alerts `owner` names for this caller: a list of ids, or null for everyone's. */
  async function ownersFor(principal: Viewer, owner: string | undefined): Promise<string[] | null> {
    if (owner === 'all') return null;
    if (owner === 'team') {
      if (!principal.memberId) return null;
      return [principal.memberId, ...(await members.reportsOf(principal.memberId)).map((m) => m.id)];
    }
    if (owner) return [owner];
    return principal.memberId ? [principal.memberId] : null;
  }

  async function openAlerts(owners: string[] | null): Promise<OpenAlertRow[]> {
    const q = db('alerts as a')
      .join('accounts as c', 'c.id', 'a.account_id')
      .leftJoin('team_members as t', 't.id', 'a.owner_id')
      .whereIn('a.status', OPEN_STATUSES)
      .select(
        'a.id', 'a.title', 'a.rule_key', 'a.severity', 'a.category', 'a.status', 'a.owner_id', 'a.account_id', 'a.fired_at', 'a.notified_at',
        't.name as owner_name', 'c.name as account_name', 'c.segment', 'c.arr_cents', db.raw("to_char(c.renewal_date, 'YYYY-MM-DD') as renewal_date"),
      );
    if (owners) q.whereIn('a.owner_id', owners);
    return q;
  }

  async function slaOf() {
    const policy = await loadPolicy(db);
    return (severity: Severity, status: string, start: Date): string | null => {
      const sla = policy.ackSla[severity];
      if (!sla || !CLOCK_RUNNING.has(status)) return null;
      return new Date(start.getTime() + parseDuration(sla)).toISOString();
    };
  }

  return {
    async inbox(principal: Viewer, query: InboxQuery, now = Date.now()) {
      const [rows, sla] = await Promise.all([openAlerts(await ownersFor(principal, query.owner)), slaOf()]);
      const all = rows.map((r) => ({
        id: Number(r.id),
        title: r.title,
        ruleKey: r.rule_key,
        severity: r.severity,
        category: r.category,
        status: r.status,
        ownerId: r.owner_id,
        ownerName: r.owner_name ?? null,
        accountId: r.account_id,
        accountName: r.account_name,
        segment: r.segment,
        arrCents: r.arr_cents === null ? null : Number(r.arr_cents),
        renewalDate: r.renewal_date,
        firedAt: iso(r.fired_at)!,
        slaDueAt: sla(r.severity, r.status, new Date(r.notified_at ?? r.fired_at)),
      }));
      const q = query.q?.toLowerCase();
      const filtered = all.filter(
        (a) =>
          (!query.severity || a.severity === query.severity) &&
          (!query.category || a.category === query.category) &&
          (!query.rule || a.ruleKey === query.rule) &&
          (!query.segment || a.segment === query.segment) &&
          (!q || a.accountName.toLowerCase().includes(q) || a.accountId.toLowerCase().includes(q)),
      );
      // Counts per tab follow the filters but not the tab, so every tab shows what it would list.
      const counts = Object.fromEntries(INBOX_TABS.map((t) => [t, 0])) as Record<InboxTab, number>;
      for (const a of filtered) {
        const tab = tabOf(a.status);
        if (tab) counts[tab] += 1;
      }
      const inTab = query.tab === 'all' ? filtered : filtered.filter((a) => TAB_STATUSES[query.tab as InboxTab].includes(a.status));
      const owners = principal.memberId
        ? [await members.byId(principal.memberId), ...(principal.role === 'csm' ? [] : await members.reportsOf(principal.memberId))]
        : [];
      return {
        items: rankInbox(inTab, now).slice(0, query.limit),
        counts,
        owners: owners.filter((m) => m !== null).map((m) => ({ id: m.id, name: m.name })),
      };
    },

    /** Each report's queue: open, overdue and escalated alerts, and the median time to acknowledge. */
    async team(principal: Viewer, now = Date.now()) {
      const people = principal.memberId && principal.role === 'manager'
        ? await members.reportsOf(principal.memberId)
        : (await db<TeamMemberRow>('team_members').orderBy('name').select('id', 'name')).map((r) => ({ id: r.id, name: r.name }));
      const ids = people.map((p) => p.id);
      const [rows, sla, acks] = await Promise.all([
        openAlerts(ids),
        slaOf(),
        db('alerts')
          .whereIn('owner_id', ids)
          .whereNotNull('acknowledged_at')
          .where('acknowledged_at', '>', new Date(now - 30 * 86_400_000))
          .groupBy('owner_id')
          .select('owner_id', db.raw('percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - fired_at) / 60) as median')),
      ]);
      const median = new Map((acks as AckMedianRow[]).map((r) => [r.owner_id, Number(r.median)]));
      return {
        members: people.map((p) => {
          const mine = rows.filter((r) => r.owner_id === p.id);
          const overdue = mine.filter((r) => {
            const due = sla(r.severity, r.status, new Date(r.notified_at ?? r.fired_at));
            return due !== null && Date.parse(due) < now;
          });
          return {
            id: p.id,
            name: p.name,
            open: mine.length,
            overdue: overdue.length,
            escalated: mine.filter((r) => r.status === 'escalated').length,
            medianMinutesToAck: median.has(p.id) ? Math.round(median.get(p.id)! * 10) / 10 : null,
          };
        }),
      };
    },
  };
}
export type InboxReadModel = ReturnType<typeof createInboxReadModel>;
