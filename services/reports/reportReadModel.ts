// The leadership reports' read model: volume, response, effectiveness and portfolio over a period,
// grouped by rule, category, severity, owner, team (the owner's manager) or segment.
// Reads only: alerts, alert_events, accounts, team_members, account_outcomes, daily_account_metrics,
// escalation_policies. Writes nothing. Definitions (what counts as converted, useful, confirmed)
// come from domain/reports/reports.ts; the README's "Reports" section states them in words.
import type { Db } from '../../runtime/db.js';
import type { ReportName as ReportNameOf } from '../../domain/reports/schemas.js';
import {
  ACCOUNT_DIMENSIONS,
  CONFIRMATION,
  RECALL_LEAD,
  SAVED_OUTCOMES,
  USEFUL_OUTCOMES,
  WON_OUTCOMES,
  rate,
  workingDays,
  type GroupBy,
  type ReportQuery,
} from '../../domain/reports/reports.js';
import { HEALTH_BAND_FLOORS, HEALTH_BANDS } from '../../domain/usage/healthScore.js';
import { escalationPolicySchema } from '../../domain/alerts/schemas.js';
import { parseDuration } from '../../domain/shared/duration.js';

// The group of an alert row `a` (with its account `ac` and owner `o` joined). Constants, never input.
const ALERT_GROUP: Record<GroupBy, string> = {
  rule: 'a.rule_key',
  category: 'a.category',
  severity: 'a.severity',
  owner: 'a.owner_id',
  team: 'o.manager_id',
  segment: 'ac.segment',
};
// The group of an account row `ac` (with its owner `o`): owner and team follow the account's owner.
const ACCOUNT_GROUP: Partial<Record<GroupBy, string>> = { owner: 'ac.owner_id', team: 'o.manager_id', segment: 'ac.segment' };

const alertGroup = (g: GroupBy | undefined) => (g ? ALERT_GROUP[g] : 'null::text');
const ALERTS_JOINED = 'alerts a join accounts ac on ac.id = a.account_id left join team_members o on o.id = a.owner_id';
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
// The period as instants: from's first moment (UTC) up to, not including, the day after `to`.
const LO = `(:from::date)::timestamp at time zone 'UTC'`;
const HI = `(:to::date + 1)::timestamp at time zone 'UTC'`;
const inPeriod = (col: string) => `(${col} >= ${LO} and ${col} < ${HI})`;
const hours = (sql: string) => `round((${sql} / 3600.0)::numeric, 2)::float8`;
const EXPANSION = `a.category = 'expansion'`;

// What each report query selects, per group (grp: the group's value; null when not grouped).
// count(*) and bigint sums arrive as numbers (runtime/db.ts).
type VolumeRow = { grp: string | null; fired: number; suppressed: number; deduplicated: number; expired: number; csms: number };
type ResponseRow = {
  grp: string | null;
  notified: number;
  acknowledged: number;
  mean_ack: number | null;
  median_ack: number | null;
  p90_ack: number | null;
  closed: number;
  mean_close: number | null;
  median_close: number | null;
  p90_close: number | null;
  with_sla: number;
  within_sla: number;
  escalated: number;
  escalations: number;
};
type EffectivenessCount =
  | 'fired' | 'closed' | 'expired' | 'converted' | 'useful' | 'won_cents' | 'saved_cents' | 'false_positives'
  | 'expansion_alerts' | 'risk_alerts' | 'expansion_confirmed' | 'risk_confirmed' | 'saved' | 'churned';
type EffectivenessRow = { grp: string | null } & Record<EffectivenessCount, number>;
/** Per group, how many alerts ended in each outcome, dismissal reason ('dismissed_<reason>') or status. */
type BreakdownRow = { grp: string | null; what: string; n: number };
type RecallRow = { grp: string | null; churned: number; caught: number };
type HealthRow = { day: string; grp: string | null; band: string; n: number };
type PipelineRow = { grp: string | null; open_alerts: number; accounts: number; arr_cents: number };
const byGroup = <T extends { group: string | null }>(rows: T[]) => rows.sort((x, y) => String(x.group ?? '').localeCompare(String(y.group ?? '')));

export interface ReportMeta {
  report: ReportNameOf;
  from: string;
  to: string;
  groupBy: GroupBy | null;
}
const meta = (report: ReportNameOf, q: ReportQuery): ReportMeta => ({ report, from: q.from, to: q.to, groupBy: q.groupBy ?? null });

/** Volume: what the system raised. Alerts that were alive in the period are read; each measure
 * counts its own event inside the period. */
export async function volumeReport(db: Db, q: ReportQuery) {
  const { rows }: { rows: VolumeRow[] } = await db.raw(
    `select grp,
            count(*) filter (where ${inPeriod('fired_at')}) as fired,
            count(*) filter (where ${inPeriod('fired_at')} and suppressed) as suppressed,
            coalesce(sum(reconfirmed), 0)::int as deduplicated,
            count(*) filter (where status = 'expired' and ${inPeriod('closed_at')}) as expired,
            count(distinct owner_id) filter (where ${inPeriod('fired_at')}) as csms
     from (
       select ${alertGroup(q.groupBy)} as grp, a.owner_id, a.fired_at, a.closed_at, a.status,
              exists (select 1 from alert_events e where e.alert_id = a.id and e.type = 'suppressed') as suppressed,
              (select count(*) from alert_events e where e.alert_id = a.id and e.type = 'reconfirmed' and ${inPeriod('e.at')}) as reconfirmed
       from ${ALERTS_JOINED}
       where a.fired_at < ${HI} and (a.closed_at is null or a.closed_at >= ${LO})
     ) x
     group by grp`,
    { from: q.from, to: q.to },
  );
  const days = workingDays(q.from, q.to);
  const items = rows
    .filter((r) => r.fired + r.deduplicated + r.expired > 0)
    .map((r) => ({
      group: r.grp,
      fired: r.fired,
      suppressed: r.suppressed,
      deduplicated: r.deduplicated,
      expired: r.expired,
      csms: r.csms,
      workingDays: days,
      alertsPerCsmPerWorkingDay: r.csms > 0 && days > 0 ? Math.round((r.fired / r.csms / days) * 1000) / 1000 : null,
    }));
  return { ...meta('volume', q), items: byGroup(items) };
}

/** The default policy's acknowledgement SLA per severity, in seconds (null: none). */
async function ackSlaSeconds(db: Db): Promise<Record<string, number | null>> {
  const row = await db('escalation_policies').where({ name: 'default' }).first('policy');
  if (!row) return {};
  const policy = escalationPolicySchema.parse(row.policy);
  return Object.fromEntries(Object.entries(policy.ackSla).map(([sev, d]) => [sev, d === null ? null : parseDuration(d) / 1000]));
}

/** Response: alerts notified in the period, timed from their notification. */
export async function responseReport(db: Db, q: ReportQuery) {
  const sla = await ackSlaSeconds(db);
  const ack = `extract(epoch from a.acknowledged_at - a.notified_at)`;
  const close = `extract(epoch from a.closed_at - a.notified_at)`;
  const worked = `a.status in ('dismissed', 'resolved')`;
  const slaOf = `(:sla::jsonb ->> a.severity)::float8`;
  const { rows }: { rows: ResponseRow[] } = await db.raw(
    `select ${alertGroup(q.groupBy)} as grp,
            count(*) as notified,
            count(a.acknowledged_at) as acknowledged,
            ${hours(`avg(${ack})`)} as mean_ack,
            ${hours(`percentile_cont(0.5) within group (order by ${ack})`)} as median_ack,
            ${hours(`percentile_cont(0.9) within group (order by ${ack})`)} as p90_ack,
            count(*) filter (where ${worked}) as closed,
            ${hours(`avg(${close}) filter (where ${worked})`)} as mean_close,
            ${hours(`percentile_cont(0.5) within group (order by ${close}) filter (where ${worked})`)} as median_close,
            ${hours(`percentile_cont(0.9) within group (order by ${close}) filter (where ${worked})`)} as p90_close,
            count(*) filter (where ${slaOf} is not null) as with_sla,
            count(*) filter (where ${slaOf} is not null and ${ack} <= ${slaOf}) as within_sla,
            count(*) filter (where a.escalation_level > 0) as escalated,
            coalesce(sum(a.escalation_level), 0)::int as escalations
     from ${ALERTS_JOINED}
     where a.notified_at is not null and ${inPeriod('a.notified_at')}
     group by 1`,
    { from: q.from, to: q.to, sla: JSON.stringify(sla) },
  );
  const items = rows.map((r) => ({
    group: r.grp,
    notified: r.notified,
    acknowledged: r.acknowledged,
    unacknowledged: r.notified - r.acknowledged,
    meanHoursToAcknowledge: r.mean_ack,
    medianHoursToAcknowledge: r.median_ack,
    p90HoursToAcknowledge: r.p90_ack,
    closed: r.closed,
    meanHoursToClose: r.mean_close,
    medianHoursToClose: r.median_close,
    p90HoursToClose: r.p90_close,
    withSla: r.with_sla,
    acknowledgedWithinSla: r.within_sla,
    shareAcknowledgedWithinSla: rate(r.within_sla, r.with_sla),
    escalated: r.escalated,
    escalations: r.escalations,
  }));
  return { ...meta('response', q), items: byGroup(items) };
}

/** SQL: the account has an outcome confirming alert `a` (an expansion within 60 days of an
 * expansion alert; a churn or contraction within 120 days of a risk alert). */
export function confirmedSql(alert = 'a'): string {
  const day = `(${alert}.fired_at at time zone 'UTC')::date`;
  const within = (c: { types: readonly string[]; withinDays: number }) =>
    `exists (select 1 from account_outcomes ao where ao.account_id = ${alert}.account_id and ao.type in (${list(c.types)})
             and ao.occurred_on >= ${day} and ao.occurred_on <= ${day} + ${c.withinDays})`;
  return `(case when ${alert}.category = 'expansion' then ${within(CONFIRMATION.expansion)} else ${within(CONFIRMATION.risk)} end)`;
}

/** SQL: the alert was worked to a close (dismissed, or an outcome recorded); expiry is not. */
export const WORKED_SQL = `(a.dismiss_reason is not null or a.outcome is not null)`;
/** SQL: the alert converted (expansion won for expansion alerts; churn prevented or renewal secured for the rest). */
export const CONVERTED_SQL = `(case when ${EXPANSION} then a.outcome in (${list(WON_OUTCOMES)}) else a.outcome in (${list(SAVED_OUTCOMES)}) end)`;
export const USEFUL_SQL = `(a.outcome in (${list(USEFUL_OUTCOMES)}))`;

/** Effectiveness: what the alerts fired in the period led to (outcomes recorded so far, account
 * outcomes up to today), and how many of the period's churned accounts a risk alert warned of. */
export async function effectivenessReport(db: Db, q: ReportQuery) {
  const { rows }: { rows: EffectivenessRow[] } = await db.raw(
    `select ${alertGroup(q.groupBy)} as grp,
            count(*) as fired,
            count(*) filter (where ${WORKED_SQL}) as closed,
            count(*) filter (where a.status = 'expired') as expired,
            count(*) filter (where ${CONVERTED_SQL}) as converted,
            count(*) filter (where ${USEFUL_SQL}) as useful,
            coalesce(sum(a.outcome_value_cents) filter (where a.outcome in (${list(WON_OUTCOMES)})), 0)::bigint as won_cents,
            coalesce(sum(a.outcome_value_cents) filter (where a.outcome in (${list(SAVED_OUTCOMES)})), 0)::bigint as saved_cents,
            count(*) filter (where a.dismiss_reason = 'false_positive') as false_positives,
            count(*) filter (where ${EXPANSION}) as expansion_alerts,
            count(*) filter (where not ${EXPANSION}) as risk_alerts,
            count(*) filter (where ${EXPANSION} and ${confirmedSql()}) as expansion_confirmed,
            count(*) filter (where not ${EXPANSION} and ${confirmedSql()}) as risk_confirmed,
            count(*) filter (where not ${EXPANSION} and a.outcome in (${list(SAVED_OUTCOMES)})) as saved,
            count(*) filter (where not ${EXPANSION} and a.outcome = 'customer_churned') as churned
     from ${ALERTS_JOINED}
     where ${inPeriod('a.fired_at')}
     group by 1`,
    { from: q.from, to: q.to },
  );
  // Per outcome and per dismissal reason, one small query rather than a column per value.
  const { rows: breakdown }: { rows: BreakdownRow[] } = await db.raw(
    `select ${alertGroup(q.groupBy)} as grp, coalesce(a.outcome, 'dismissed_' || a.dismiss_reason, a.status) as what, count(*) as n
     from ${ALERTS_JOINED}
     where ${inPeriod('a.fired_at')} and (${WORKED_SQL} or a.status = 'expired')
     group by 1, 2`,
    { from: q.from, to: q.to },
  );
  const outcomesOf = (grp: string | null) =>
    Object.fromEntries(breakdown.filter((b) => b.grp === grp).map((b) => [b.what, b.n]));

  const recall = await recallByGroup(db, q);
  const keys = new Set<string | null>([...rows.map((r) => r.grp), ...recall.keys()]);
  const items = [...keys].map((grp) => {
    const r: Partial<EffectivenessRow> = rows.find((x) => x.grp === grp) ?? {};
    const n = (k: EffectivenessCount) => Number(r[k] ?? 0);
    const c = recall.get(grp) ?? recall.default ?? { churned: 0, caught: 0 };
    return {
      group: grp,
      fired: n('fired'),
      closed: n('closed'),
      expired: n('expired'),
      outcomes: outcomesOf(grp),
      converted: n('converted'),
      conversionRate: rate(n('converted'), n('closed')),
      savedVsChurned: rate(n('saved'), n('saved') + n('churned')),
      revenueAttributedCents: n('won_cents') + n('saved_cents'),
      wonCents: n('won_cents'),
      savedCents: n('saved_cents'),
      useful: n('useful'),
      precision: rate(n('useful'), n('closed')),
      falsePositives: n('false_positives'),
      falsePositiveRate: rate(n('false_positives'), n('closed')),
      expansionAlerts: n('expansion_alerts'),
      expansionConfirmed: n('expansion_confirmed'),
      riskAlerts: n('risk_alerts'),
      riskConfirmed: n('risk_confirmed'),
      precisionAgainstAccountOutcomes: rate(n('expansion_confirmed') + n('risk_confirmed'), n('fired')),
      churnedAccounts: c.churned,
      churnedWithEarlyRiskAlert: c.caught,
      recall: rate(c.caught, c.churned),
    };
  });
  return { ...meta('effectiveness', q), items: byGroup(items) };
}

/** Churned accounts of the period and how many had a risk alert 30–180 days before their churn.
 * Grouped by an account dimension, each group's own churned accounts; by an alert dimension (rule,
 * category, severity), every churned account, caught by that group's alerts. */
type Recall = { churned: number; caught: number };
async function recallByGroup(db: Db, q: ReportQuery): Promise<Map<string | null, Recall> & { default?: Recall }> {
  const byAccount = !q.groupBy || ACCOUNT_DIMENSIONS.includes(q.groupBy);
  const churned = `select ao.account_id, ao.occurred_on, ${byAccount && q.groupBy ? ACCOUNT_GROUP[q.groupBy] : 'null::text'} as grp
                   from account_outcomes ao join accounts ac on ac.id = ao.account_id left join team_members o on o.id = ac.owner_id
                   where ao.type = 'churned' and ao.occurred_on between :from::date and :to::date`;
  const early = `a.account_id = c.account_id and a.category <> 'expansion'
                 and (a.fired_at at time zone 'UTC')::date between c.occurred_on - ${RECALL_LEAD.maxDays} and c.occurred_on - ${RECALL_LEAD.minDays}`;
  const out: Map<string | null, Recall> & { default?: Recall } = new Map();
  if (byAccount) {
    const { rows }: { rows: RecallRow[] } = await db.raw(
      `with c as (${churned})
       select grp, count(*) as churned, count(*) filter (where exists (select 1 from alerts a where ${early})) as caught from c group by grp`,
      { from: q.from, to: q.to },
    );
    for (const r of rows) out.set(r.grp, { churned: r.churned, caught: r.caught });
    return out;
  }
  const { rows }: { rows: Array<Omit<RecallRow, 'churned'>> } = await db.raw(
    `with c as (${churned})
     select x.grp, count(distinct (x.account_id, x.occurred_on)) as caught
     from (select c.account_id, c.occurred_on, ${ALERT_GROUP[q.groupBy!]} as grp
           from c join ${ALERTS_JOINED} on ${early}) x
     group by x.grp`,
    { from: q.from, to: q.to },
  );
  // Every group of alerts is measured against all of the period's churned accounts.
  const total = Number((await db.raw(`select count(*) as n from (${churned}) c`, { from: q.from, to: q.to })).rows[0].n);
  for (const r of rows) out.set(r.grp, { churned: total, caught: r.caught });
  out.default = { churned: total, caught: 0 };
  return out;
}

const bandCase = (score: string) => `(case ${HEALTH_BAND_FLOORS.map(([b, floor]) => `when ${score} >= ${floor} then '${b}'`).join(' ')} end)`;

/** Portfolio: accounts per health band each day (from the stored daily score; an account without a
 * row that day had no usage in 30 days and scores 0; accounts churned by then are left out), and the
 * expansion pipeline: expansion alerts open at the end of the period, with their accounts' ARR. */
export async function portfolioReport(db: Db, q: ReportQuery) {
  const accountGroup = q.groupBy && ACCOUNT_GROUP[q.groupBy] ? ACCOUNT_GROUP[q.groupBy]! : 'null::text';
  const { rows: health }: { rows: HealthRow[] } = await db.raw(
    `select g.day::date as day, ${accountGroup} as grp, ${bandCase('coalesce(m.health_score, 0)')} as band, count(*) as n
     from generate_series(:from::date, :to::date, interval '1 day') as g(day)
     cross join accounts ac
     left join team_members o on o.id = ac.owner_id
     left join daily_account_metrics m on m.account_id = ac.id and m.day = g.day::date
     where not exists (select 1 from account_outcomes x where x.account_id = ac.id and x.type = 'churned' and x.occurred_on <= g.day::date)
     group by 1, 2, 3`,
    { from: q.from, to: q.to },
  );
  const healthItems = new Map<string, { day: string; group: string | null; bands: Record<string, number> }>();
  for (const r of health) {
    const k = `${r.day}|${r.grp}`;
    let item = healthItems.get(k);
    if (!item) healthItems.set(k, (item = { day: r.day, group: r.grp, bands: Object.fromEntries(HEALTH_BANDS.map((b) => [b, 0])) }));
    item.bands[r.band] = r.n;
  }
  const { rows: pipeline }: { rows: PipelineRow[] } = await db.raw(
    `select grp, sum(alerts)::int as open_alerts, count(*) as accounts, coalesce(sum(arr_cents), 0)::bigint as arr_cents
     from (select ${alertGroup(q.groupBy)} as grp, a.account_id, count(*) as alerts, max(ac.arr_cents) as arr_cents
           from ${ALERTS_JOINED}
           where ${EXPANSION} and a.fired_at < ${HI} and (a.closed_at is null or a.closed_at >= ${HI})
           group by 1, 2) x
     group by grp`,
    { from: q.from, to: q.to },
  );
  return {
    ...meta('portfolio', q),
    healthGroupedBy: q.groupBy && ACCOUNT_GROUP[q.groupBy] ? q.groupBy : null,
    health: [...healthItems.values()].sort((x, y) => x.day.localeCompare(y.day) || String(x.group ?? '').localeCompare(String(y.group ?? ''))),
    pipeline: byGroup(pipeline.map((r) => ({ group: r.grp, openAlerts: r.open_alerts, accounts: r.accounts, arrCents: r.arr_cents }))),
  };
}

export const REPORTS = { volume: volumeReport, response: responseReport, effectiveness: effectivenessReport, portfolio: portfolioReport } as const;
export type ReportName = keyof typeof REPORTS;

/** A report as flat rows for CSV: nested objects become dotted columns; the portfolio's two parts
 * become rows with a `section` column. */
export function reportRows(report: Awaited<ReturnType<(typeof REPORTS)[ReportName]>>): Array<Record<string, unknown>> {
  const flat = (o: Record<string, unknown>, prefix = ''): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(flat(v as Record<string, unknown>, `${prefix}${k}.`)) : [[`${prefix}${k}`, v]])),
    );
  if ('health' in report) {
    return [
      ...report.health.map((h) => flat({ section: 'health', ...h })),
      ...report.pipeline.map((p) => flat({ section: 'pipeline', ...p })),
    ];
  }
  return report.items.map((i) => flat(i as Record<string, unknown>));
}
