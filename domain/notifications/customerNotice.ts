// The customer-facing notice of a rule with audience 'customer' or 'both': an email to the
// account's own users that says what happened and what they can do. Built from those two payload
// answers only; the evidence, severity, title and playbook are the vendor's internal view and never
// reach the customer. Pure, so tests and the outbox render the same mail.
import { escapeHtml as esc, type EmailContent } from './alertEmail.js';

export interface CustomerNoticeInput {
  account: { name: string };
  recipient: { name: string | null };
  payload: { what: string; action: string };
}

export function renderCustomerNotice(n: CustomerNoticeInput): EmailContent {
  const subject = `About your ${n.account.name} account`;
  const greeting = n.recipient.name ? `Hi ${n.recipient.name},` : 'Hello,';
  const sections: Array<[string, string]> = [
    ['What happened', n.payload.what],
    ['What you can do', n.payload.action],
  ];
  const text = [greeting, '', ...sections.map(([h, v]) => `${h}: ${v}`)].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>${esc(greeting)}</p>
<dl>${sections.map(([h, v]) => `<dt><strong>${esc(h)}</strong></dt><dd>${esc(v)}</dd>`).join('')}</dl>
</body></html>`;
  return { subject, text, html };
}
