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

export interface CustomerNoticeResult {
  delivered: Delivered | 'no_customer_contact';
  /** Which users were chosen: champions, or admins when the account has no champion. */
  contacts: 'champions' | 'admins' | null;
  recipients: Array<{ userId: string; email: string; delivered: Delivered }>;
}

const keyPrefix = (alertId: number) => `alert:${alertId}:customer:`;

/** The account's customer contacts, champions first, admins when there is no champion. */
async function customerContacts(db: Db, accountId: string) {
  const reachable = () => db('users').where({ account_id: accountId }).whereNull('deleted_at').whereNotNull('email').orderBy('id');
  const champions = await reachable().where({ champion: true }).select('id', 'email', 'traits');
  if (champions.length > 0) return { contacts: 'champions' as const, users: champions };
  const admins = await reachable().where({ role: 'admin' }).select('id', 'email', 'traits');
  return { contacts: admins.length > 0 ? ('admins' as const) : null, users: admins };
}

export function createCustomerNoticeActivities(deps: OutboxDeps) {
  const { db } = deps;

  async function writeRows(alertId: number): Promise<void> {
    const alert = await db('alerts').where({ id: alertId }).first('id', 'account_id', 'payload');
    const account = await db('accounts').where({ id: alert.account_id }).first('name');
    const { contacts, users } = await customerContacts(db, alert.account_id);
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
    if (rows.length > 0) await db('notifications').insert(rows).onConflict('idempotency_key').ignore();
  }

  return {
    async sendCustomerNotice(input: { alertId: number }): Promise<CustomerNoticeResult> {
      const written = () => db('notifications').where('idempotency_key', 'like', `${keyPrefix(input.alertId)}%`).orderBy('id');
      let rows = await written();
      if (rows.length === 0) {
        await writeRows(input.alertId);
        rows = await written();
      }
      if (rows.length === 0) return { delivered: 'no_customer_contact', contacts: null, recipients: [] };
      const contacts = rows[0].idempotency_key.slice(keyPrefix(input.alertId).length).split(':')[0] as 'champions' | 'admins';
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
