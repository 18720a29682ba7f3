// Support tickets. Opening or closing one tells the account's open alert workflows (Signals), so a
// suppressed alert is released the moment its account's last ticket closes. Opened and closed times
// may be backdated (a help desk's history), which the rule leaf ticketOpen reads as of each day.
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';
import type { TicketCreateInput, TicketPatchInput } from '../../domain/accounts/directory.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { ticketClosedSignal, ticketOpenedSignal } from '../../workflows/alerts/messages.js';
import { isoTime as iso } from '../shared/isoTime.js';
import { createAlertRepository } from '../alerts/alertRepository.js';
import { createAccountRepository } from './accountRepository.js';
import { createTicketRepository, type TicketRow } from './ticketRepository.js';

export function ticketView(r: TicketRow) {
  return { id: r.id, accountId: r.account_id, priority: r.priority, status: r.status, subject: r.subject, openedAt: iso(r.opened_at), closedAt: iso(r.closed_at) };
}

export function createTicketService(db: Db, temporal: Client) {
  async function tellOpenAlerts(accountId: string, ticketId: string, status: 'open' | 'closed') {
    const alerts = await createAlertRepository(db).openWorkflows(accountId);
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
        if (!(await createAccountRepository(trx).exists(input.accountId))) {
          throw new ValidationError([{ path: 'accountId', message: `no account with id "${input.accountId}"` }]);
        }
        const inserted = await createTicketRepository(trx).insertNew({
            id: input.id,
            account_id: input.accountId,
            priority: input.priority,
            status: input.status,
            subject: input.subject ?? null,
            opened_at: input.openedAt ?? trx.fn.now(),
            closed_at: input.status === 'closed' ? (input.closedAt ?? trx.fn.now()) : null,
          });
        if (!inserted) throw new ConflictError(`ticket ${input.id} already exists; use PATCH /tickets/${input.id}`);
        return inserted;
      });
      if (row.status === 'open') await tellOpenAlerts(row.account_id, row.id, 'open');
      return ticketView(row);
    },

    async patch(id: string, input: TicketPatchInput) {
      const { row, before } = await db.transaction(async (trx) => {
        const tickets = createTicketRepository(trx);
        const before = await tickets.getForUpdate(id);
        if (!before) throw new NotFoundError(`no ticket ${id}`);
        // A closedAt closes the ticket at that time; a status alone closes it now or reopens it.
        const status = input.status ?? (input.closedAt ? 'closed' : before.status);
        const patch: Record<string, unknown> = { updated_at: trx.fn.now(), status };
        if (input.priority) patch.priority = input.priority;
        if (input.openedAt) patch.opened_at = input.openedAt;
        if (status === 'open') patch.closed_at = null;
        else if (input.closedAt) patch.closed_at = input.closedAt;
        else if (before.status !== 'closed') patch.closed_at = trx.fn.now();
        const row = await tickets.update(id, patch);
        if (row.closed_at !== null && row.closed_at < row.opened_at) {
          throw new ValidationError([{ path: input.closedAt ? 'closedAt' : 'openedAt', message: input.closedAt ? 'must not be before openedAt' : 'must not be after closedAt' }]);
        }
        return { row, before };
      });
      if (row.status !== before.status) await tellOpenAlerts(row.account_id, row.id, row.status);
      return ticketView(row);
    },
  };
}
