// The weekly leadership summary: last week's figures from the report read model, one email per
// leadership team member (role leadership or vp) through the outbox, keyed by week and recipient so
// a retried or re-run activity never sends a week's summary twice.
import type { Db } from '../../runtime/db.js';
import { createTeamRepository } from '../../services/accounts/teamRepository.js';
import { deliverOutboxRow, writeOutboxRow, type OutboxDeps } from '../notifications/outbox.js';
import { effectivenessReport, responseReport, volumeReport } from '../../services/reports/reportReadModel.js';
import { renderWeeklySummary, SUMMARY_ROLES, type WeeklyFigures } from '../../domain/reports/weeklySummary.js';
import { utcDay } from '../../domain/shared/day.js';

export async function weeklyFigures(db: Db, from: string, to: string): Promise<WeeklyFigures> {
  const q = { from, to };
  const [volume] = (await volumeReport(db, q)).items;
  const [response] = (await responseReport(db, q)).items;
  const [effect] = (await effectivenessReport(db, q)).items;
  const byRule = (await effectivenessReport(db, { ...q, groupBy: 'rule' })).items.filter((r) => r.fired > 0);
  return {
    from,
    to,
    fired: volume?.fired ?? 0,
    deduplicated: volume?.deduplicated ?? 0,
    expired: volume?.expired ?? 0,
    alertsPerCsmPerWorkingDay: volume?.alertsPerCsmPerWorkingDay ?? null,
    meanHoursToAcknowledge: response?.meanHoursToAcknowledge ?? null,
    shareAcknowledgedWithinSla: response?.shareAcknowledgedWithinSla ?? null,
    closed: effect?.closed ?? 0,
    converted: effect?.converted ?? 0,
    revenueAttributedCents: effect?.revenueAttributedCents ?? 0,
    rules: byRule
      .map((r) => ({ rule: r.group!, fired: r.fired, converted: r.converted, revenueAttributedCents: r.revenueAttributedCents, falsePositives: r.falsePositives }))
      .sort((a, b) => b.revenueAttributedCents - a.revenueAttributedCents || a.rule.localeCompare(b.rule)),
  };
}

export function createWeeklySummaryActivities(deps: OutboxDeps & { publicUrl: string }) {
  const { db } = deps;
  return {
    /** The summary of the 7 days ending `weekEnding` to every leadership member; how many got it. */
    async sendWeeklySummary(input: { weekEnding: string }): Promise<{ recipients: number }> {
      const from = utcDay(Date.parse(`${input.weekEnding}T00:00:00Z`), 6);
      const figures = await weeklyFigures(db, from, input.weekEnding);
      const url = `${deps.publicUrl}/reports/effectiveness?from=${from}&to=${input.weekEnding}&groupBy=rule`;
      const members = await createTeamRepository(db).withRoles(SUMMARY_ROLES);
      for (const m of members) {
        const key = `summary:${input.weekEnding}:${m.id}`;
        const row = await writeOutboxRow(db, key, async () => {
          const mail = renderWeeklySummary(figures, m.name, url);
          return { idempotency_key: key, alert_id: null, channel: 'email', recipient_id: m.id, recipient: m.email, subject: mail.subject, body_text: mail.text, body_html: mail.html, status: 'pending' };
        });
        if (row) await deliverOutboxRow(deps, row);
      }
      return { recipients: members.length };
    },
  };
}
