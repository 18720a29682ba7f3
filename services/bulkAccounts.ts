// POST /accounts/bulk: account facts from a CRM or warehouse export (NDJSON or CSV), streamed with
// COPY into a temp table, checked (owners must be team members), then upserted in one statement: a
// cell left empty keeps the stored value, and the last row wins for a repeated id.
import type { Readable } from 'node:stream';
import type { Db } from '../runtime/db.js';
import { BULK_ACCOUNT_COLUMNS, bulkAccountSchema } from '../domain/bulkAccounts.js';
import { copyValidated, lineIssues, type BulkFormat } from './bulkRecords.js';
import { ValidationError } from './errors.js';

const FACTS = BULK_ACCOUNT_COLUMNS.filter((c) => c !== 'id');

export function createBulkAccountService(db: Db) {
  return {
    async importAccounts(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(
          `create temp table accounts_import (line int not null, id text not null, name text not null, owner_id text, segment text,
             tier text, plan text, seat_limit int, api_limit bigint, storage_limit bigint, arr_cents bigint, renewal_date date,
             onboarding_stage text, signup_date date) on commit drop`,
        );
        const rows = await copyValidated(trx, input, format, { table: 'accounts_import', columns: ['line', ...BULK_ACCOUNT_COLUMNS] }, (record, line) => {
          const parsed = bulkAccountSchema.safeParse(record);
          return parsed.success
            ? { ok: true, values: [line, ...BULK_ACCOUNT_COLUMNS.map((c) => parsed.data[c])] }
            : { ok: false, issues: lineIssues(line, parsed.error.issues) };
        });
        const unknownOwners = await trx.raw(
          `select i.line, i.owner_id from accounts_import i
           where i.owner_id is not null and not exists (select 1 from team_members t where t.id = i.owner_id)
           order by i.line limit 100`,
        );
        if (unknownOwners.rows.length > 0) {
          throw new ValidationError(
            unknownOwners.rows.map((r: { line: number; owner_id: string }) => ({ path: `line ${r.line}.owner_id`, message: `no team member with id "${r.owner_id}"` })),
          );
        }
        const upserted = await trx.raw(
          `insert into accounts (id, ${FACTS.join(', ')}, updated_at)
           select distinct on (id) id, ${FACTS.join(', ')}, now() from accounts_import order by id, line desc
           on conflict (id) do update set
             ${FACTS.map((c) => `${c} = coalesce(excluded.${c}, accounts.${c})`).join(', ')}, updated_at = now()`,
        );
        return { rows, accounts: (upserted.rowCount ?? 0) as number };
      });
    },
  };
}
