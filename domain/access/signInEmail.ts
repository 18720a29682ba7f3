// The sign-in email: plain text and a small HTML part with the one-time link.
import { escapeHtml as esc } from '../notifications/alertEmail.js';

export function signInEmail(name: string, link: string, ttlMinutes: number) {
  const subject = 'Your sign-in link for Usage Alerts';
  const text = `Hello ${name},

Sign in to Usage Alerts: ${link}

The link works once and expires in ${ttlMinutes} minutes. If you did not ask for it, ignore this email.
`;
  const html = `<p>Hello ${esc(name)},</p>
<p><a href="${esc(link)}" style="display:inline-block;padding:8px 16px;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:4px">Sign in to Usage Alerts</a></p>
<p style="color:#555">The link works once and expires in ${ttlMinutes} minutes. If you did not ask for it, ignore this email.</p>`;
  return { subject, text, html };
}
