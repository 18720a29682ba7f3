// Support tickets. Opening or closing one tells the account's open alert workflows (Signals), so a
// suppressed alert is released the moment its account's last ticket closes.
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';
import type { TicketCreateInput, TicketPatchInput } from '../../domain/accounts/directory.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ticketClosedSignal, ticketOpenedSignal } from '../../workflows/alerts/messages.js';
import { isoTime as iso } from '../shared/isoTime.js';

export function ticketView(r: Record<string, any>) {
  return { id: r.id, accountId: r.account_id, priority: r.priority, status: r.status, subject: r.subject, openedAt: iso(r.opened_at), closedAt: iso(r.closed_at) };
}

export function createTicketService(db: Db, temporal: Client) {
  async function tellOpenAlerts(accountId: string, ticketId: string, status: 'open' | 'closed') {
    const alerts = await db('alerts').where({ account_id: accountId }).whereNull('closed_at').select('workflow_id', 'workflow_run_id');
    const signal = status === 'open' ? ticketOpenedSignal : ticketClosedSignal;
    await Promise.all(
      alerts.map(async (a) => {
        try {
          await temporal.workflow.getHandle(a.workflow_id, a.workflow_run_id).signal(signal, ticketId);
        } catch {
          // The workflow finished in the meantime: nothing is waiting for this ticket.
        }
      }),
    );
  }

  return {
    async create(input: TicketCreateInput) {
      const row = await db.transaction(async (trx) => {
        if (!(await trx('accounts').where({ id: input.accountId }).first('id'))) {
          throw new ValidationError([{ path: 'accountId', message: `no account with id "${input.accountId}"` }]);
        }
        const [inserted] = await trx('support_tickets')
          .insert({
            id: input.id,
            account_id: input.accountId,
            priority: input.priority,
            status: input.status,
            subject: input.subject ?? null,
            closed_at: input.status === 'closed' ? trx.fn.now() : null,
          })
          .onConflict('id')
          .ignore()
          .returning('*');
        if (!inserted) throw new ConflictError(`ticket ${input.id} already exists; use PATCH /tickets/${input.id}`);
        return inserted;
      });
      if (row.status === 'open') await tellOpenAlerts(row.account_id, row.id, 'open');
      return ticketView(row);
    },

    async patch(id: string, input: TicketPatchInput) {
      const patch: Record<string, unknown> = { updated_at: db.fn.now() };
      if (input.priority) patch.priority = input.priority;
      if (input.status) {
        patch.status = input.status;
        patch.closed_at = input.status === 'closed' ? db.fn.now() : null;
      }
      const [row] = await db('support_tickets').where({ id }).update(patch).returning('*');
      if (!row) throw new NotFoundError(`no ticket ${id}`);
      if (input.status) await tellOpenAlerts(row.account_id, row.id, input.status);
      return ticketView(row);
    },
  };
}
