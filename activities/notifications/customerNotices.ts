// The customer-facing notice of a rule with audience 'customer' or 'both', sent once when its alert
// is created: to the account's champions (not deleted, with an email), else to its users whose
// role trait is 'admin', else to nobody, which the answer says so the workflow can record it.
// One outbox row per recipient (key alert:<id>:customer:<champions|admins>:<user id>), all written
// in one insert before any send: a retried activity sends the rows it finds instead of choosing
// recipients anew.
import type { Db } from '../../runtime/db.js';
import { renderCustomerNotice } from '../../domain/notifications/customerNotice.js';
import { ApplicationFailure } from '@temporalio/activity';
import { deliverOutboxRow, type Delivered, type OutboxDeps, type OutboxRow } from './outbox.js';
import { PROVIDER_REJECTED } from '../shared/failures.js';
import { createOutboxRepository } from '../../services/notifications/outboxRepository.js';
import { createAlertRepository } from '../../services/alerts/alertRepository.js';
import { createAccountRepository } from '../../services/accounts/accountRepository.js';
import { createUsageRepository, type UsageRepository } from '../../services/usage/usageRepository.js';

export interface CustomerNoticeResult {
  delivered: Delivered | 'no_customer_contact';
  /** Which users were chosen: champions, or admins when the account has no champion. */
  contacts: 'champions' | 'admins' | null;
  recipients: Array<{ userId: string; email: string; delivered: Delivered }>;
}

const keyPrefix = (alertId: number) => `alert:${alertId}:customer:`;

/** The account's customer contacts, champions first, admins when there is no champion. */
async function customerContacts(users: UsageRepository, accountId: string) {
  const champions = await users.champions(accountId);
  if (champions.length > 0) return { contacts: 'champions' as const, users: champions };
  const admins = await users.admins(accountId);
  return { contacts: admins.length > 0 ? ('admins' as const) : null, users: admins };
}

export function createCustomerNoticeActivities(deps: OutboxDeps) {
  const { db } = deps;
  const outbox = createOutboxRepository(db);

  async function writeRows(alertId: number): Promise<void> {
    const alert = await createAlertRepository(db).get(alertId);
    if (!alert) throw ApplicationFailure.nonRetryable(`no alert ${alertId}`, 'UnknownAlert');
    const found = await createAccountRepository(db).summary(alert.account_id);
    if (!found) throw ApplicationFailure.nonRetryable(`no account ${alert.account_id}`, 'UnknownAccount');
    const account = { name: found.name };
    const { contacts, users } = await customerContacts(createUsageRepository(db), alert.account_id);
    const rows: OutboxRow[] = users.map((u) => {
      const name = typeof u.traits?.name === 'string' ? u.traits.name : null;
      const content = renderCustomerNotice({ account, recipient: { name }, payload: alert.payload });
      return {
        idempotency_key: `${keyPrefix(alertId)}${contacts}:${u.id}`,
        alert_id: alertId,
        channel: 'email',
        recipient_id: u.id,
        recipient: u.email,
        subject: content.subject,
        body_text: content.text,
        body_html: content.html,
        status: 'pending',
      };
    });
    await outbox.insertNew(rows);
  }

  return {
    async sendCustomerNotice(input: { alertId: number }): Promise<CustomerNoticeResult> {
      const written = () => outbox.byKeyPrefix(keyPrefix(input.alertId));
      let rows = await written();
      if (rows.length === 0) {
        await writeRows(input.alertId);
        rows = await written();
      }
      if (rows.length === 0) return { delivered: 'no_customer_contact', contacts: null, recipients: [] };
      const contacts = rows[0]!.idempotency_key.slice(keyPrefix(input.alertId).length).split(':')[0] as 'champions' | 'admins';
      const recipients: CustomerNoticeResult['recipients'] = [];
      for (const row of rows) {
        // One customer's address refused does not stop the others; the row and the answer say so.
        const delivered = await deliverOutboxRow(deps, row).catch((err: unknown) => {
          if (err instanceof ApplicationFailure && err.type === PROVIDER_REJECTED) return 'failed' as const;
          throw err;
        });
        recipients.push({ userId: row.recipient_id, email: row.recipient, delivered });
      }
      // Told if anyone was: 'failed' only when every address was refused.
      return { delivered: recipients.find((r) => r.delivered !== 'failed')?.delivered ?? 'failed', contacts, recipients };
    },
  };
}

export type CustomerNoticeActivities = ReturnType<typeof createCustomerNoticeActivities>;
