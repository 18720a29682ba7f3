// The alert as a CRM follow-up task: subject, body with the five answers and a link into the app,
// and priority by severity. Pure; activities/notifications/hubspot.ts sends it.
import type { Severity } from '../alerts/alert.js';
import { escapeHtml, fiveAnswers, type AlertPayload } from './alertEmail.js';

export const CRM_PRIORITY: Record<Severity, 'HIGH' | 'MEDIUM' | 'LOW'> = { critical: 'HIGH', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };

/** A word in the task body that finds the alert's task again (a retried create searches for it). */
export const crmTaskToken = (alertId: number) => `usagealert${alertId}`;

export function renderCrmTask(t: { alert: { id: number; title: string; severity: Severity; payload: AlertPayload }; account: { name: string }; appUrl: string }) {
  const about = t.alert.title.startsWith(t.account.name) ? t.alert.title : `${t.account.name}: ${t.alert.title}`;
  const body = [
    ...fiveAnswers(t.alert.payload).map(([h, v]) => `<p><strong>${escapeHtml(h)}</strong><br>${escapeHtml(v)}</p>`),
    `<p><a href="${escapeHtml(t.appUrl)}">Open alert #${t.alert.id} in Usage Alerts</a></p>`,
    `<p style="color:#999">ref ${crmTaskToken(t.alert.id)}</p>`,
  ].join('');
  return { subject: `[${t.alert.severity.toUpperCase()}] ${about}`.slice(0, 250), body, priority: CRM_PRIORITY[t.alert.severity] };
}
