// The only code that reads or writes `support_tickets` (an open ticket holds its account's alerts).
import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** A row of `support_tickets`. */
export type TicketRow = {
  id: string;
  account_id: string;
  priority: string;
  status: 'open' | 'closed';
  subject: string | null;
  opened_at: Date;
  closed_at: Date | null;
  updated_at: Date;
};

type Writable<T> = { [K in keyof T]?: T[K] | Knex.Raw | string };

export function createTicketRepository(db: Conn) {
  const tickets = () => db<TicketRow>('support_tickets');
  return {
    /** Inserts the ticket; undefined when its id is taken. */
    async insertNew(row: Writable<TicketRow>): Promise<TicketRow | undefined> {
      const [inserted] = await db('support_tickets').insert(row).onConflict('id').ignore().returning('*');
      return inserted;
    },
    /** Inserts tickets in chunks; ids already taken are left as they are. */
    async insertMany(rows: Array<Writable<TicketRow>>): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) await db('support_tickets').insert(rows.slice(i, i + 1000)).onConflict('id').ignore();
    },
    /** The ticket, locked for update (inside a transaction). */
    async getForUpdate(id: string): Promise<TicketRow | undefined> {
      return tickets().where({ id }).forUpdate().first();
    },
    async update(id: string, patch: Writable<TicketRow>): Promise<TicketRow> {
      const [row] = await db('support_tickets').where({ id }).update(patch).returning('*');
      return row;
    },
    /** The account's open tickets' ids, in id order. */
    async openIds(accountId: string): Promise<string[]> {
      return (await tickets().where({ account_id: accountId, status: 'open' }).orderBy('id').select('id')).map((r) => r.id);
    },
    /** The account's tickets for its page: open ones first, then the most recently opened. */
    async forAccount(accountId: string, limit = 50): Promise<TicketRow[]> {
      return tickets().where({ account_id: accountId }).orderByRaw("(status = 'open') desc, opened_at desc, id").limit(limit);
    },
    /** Which of these accounts have an open ticket. */
    async accountsWithOpenTickets(accountIds: string[]): Promise<Set<string>> {
      return new Set((await tickets().where({ status: 'open' }).whereIn('account_id', accountIds).distinct().pluck('account_id')) as string[]);
    },
  };
}
