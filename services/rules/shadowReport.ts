// The shadow report: what a rule in shadow would have alerted on, so a team can judge it before
// activating it. Shadow matches are stored by every evaluation run (evaluation_matches, outcome
// 'shadow'); this reads them back per run day and per account, and compares the accounts with the
// alerts active rules raised in the same period (shadow rules never fire, so every alert is an
// active rule's): a shadow rule that only finds accounts already alerted on adds little.
import type { Db } from '../../runtime/db.js';
import type { ShadowReportQuery } from '../../domain/rules/schemas.js';
import { utcDay } from '../../domain/shared/day.js';
import { NotFoundError } from '../shared/errors.js';
import { isEventRule } from '../../domain/rules/schema.js';

const DEFAULT_DAYS = 30;

/** What the per-account query selects: a matched account, its first and last matching run day,
 * how many days it matched, and the other rules that had an alert open on it in the period. */
type ShadowAccountRow = {
  account_id: string;
  name: string | null;
  first_day: string;
  last_day: string;
  days_matched: number;
  active_rule_alerts: string[];
};

export async function shadowReport(db: Db, key: string, query: ShadowReportQuery) {
  const rule = await db('rules').where({ key }).first('key', 'status', 'current_version');
  if (!rule) throw new NotFoundError(`no rule ${key}`);
  const since = query.since ?? utcDay(Date.now(), DEFAULT_DAYS);

  // The runs that evaluated the rule while it was in shadow: its version current when the run
  // started says so. A run day where it matched nobody is reported as 0, not left out. The intake's
  // daily 'events' run holds shadow event-rule matches only (a day's first match creates it).
  const runs = `runs as (
    select r.id, r.as_of from evaluation_runs r
    where r.as_of >= :since and r.status <> 'failed' and (r.rule_keys is null or :key = any(r.rule_keys))
      and (case when r.trigger = 'events' then :eventRule
           else (select v.definition->>'status' from rule_versions v
                 where v.key = :key and v.changed_at <= r.started_at order by v.version desc limit 1) = 'shadow' end)),
  matched as (
    select runs.as_of, m.account_id from runs
    join evaluation_matches m on m.run_id = runs.id and m.rule_key = :key and m.outcome = 'shadow')`;
  const current = await db('rule_versions').where({ key, version: rule.current_version }).first('definition');
  const bindings = { since, key, eventRule: isEventRule(current.definition.condition) };

  const days = await db.raw(
    `with ${runs}
     select to_char(runs.as_of, 'YYYY-MM-DD') as day, count(distinct matched.account_id)::int as accounts
     from runs left join matched on matched.as_of = runs.as_of
     group by runs.as_of order by runs.as_of`,
    bindings,
  );
  // Alerts of other rules open at any time in the period (fired before its end, not closed before its start).
  const accounts = await db.raw(
    `with ${runs}
     select matched.account_id, a.name, to_char(min(matched.as_of), 'YYYY-MM-DD') as first_day,
            to_char(max(matched.as_of), 'YYYY-MM-DD') as last_day, count(distinct matched.as_of)::int as days_matched,
            coalesce((select array_agg(distinct al.rule_key order by al.rule_key) from alerts al
                      where al.account_id = matched.account_id and al.rule_key <> :key
                        and (al.closed_at is null or al.closed_at >= :since::date::timestamp at time zone 'UTC')), '{}') as active_rule_alerts
     from matched left join accounts a on a.id = matched.account_id
     group by matched.account_id, a.name order by matched.account_id`,
    bindings,
  );

  const items = accounts.rows.map((r: ShadowAccountRow) => ({
    accountId: r.account_id,
    name: r.name,
    firstDay: r.first_day,
    lastDay: r.last_day,
    daysMatched: r.days_matched,
    alertedByRules: r.active_rule_alerts,
  }));
  const overlapping = items.filter((i: { alertedByRules: string[] }) => i.alertedByRules.length > 0).length;
  return {
    rule: { key: rule.key as string, status: rule.status as string, version: rule.current_version as number },
    since,
    days: days.rows.map((r: { day: string; accounts: number }) => ({ day: r.day, accountsMatched: r.accounts })),
    accounts: items,
    summary: {
      runDays: days.rows.length,
      accountsMatched: items.length,
      // Of the matched accounts, how many an active rule also alerted on in the period, and how many only this rule found.
      alsoAlertedByActiveRules: overlapping,
      onlyThisRule: items.length - overlapping,
    },
  };
}
