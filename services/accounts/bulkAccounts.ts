// POST /accounts/bulk: account facts from a CRM or warehouse export (NDJSON or CSV), streamed with
// COPY into a temp table, checked (owners and account executives must be team members), then upserted
// in one statement: a cell left empty keeps the stored value, and the last row wins for a repeated id.
import type { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import { BULK_ACCOUNT_COLUMNS, bulkAccountSchema } from '../../domain/accounts/bulkAccounts.js';
import { copyValidated, lineIssues, type BulkFormat } from '../usage/bulkRecords.js';
import { ValidationError } from '../shared/errors.js';
import { stageSinceOnInsert, stageSinceOnUpdate } from './onboardingStage.js';
import { noTeamMember } from './teamMemberRefs.js';

const FACTS = BULK_ACCOUNT_COLUMNS.filter((c) => c !== 'id');
/** Columns naming a team member, checked before the upsert so the answer names line and column. */
const TEAM_MEMBER_COLUMNS = ['owner_id', 'ae_id'] as const;

export function createBulkAccountService(db: Db) {
  return {
    async importAccounts(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(
          `create temp table accounts_import (line int not null, id text not null, name text not null, owner_id text, ae_id text, segment text,
             tier text, plan text, seat_limit int, api_limit bigint, storage_limit bigint, arr_cents bigint, renewal_date date,
             onboarding_stage text, signup_date date) on commit drop`,
        );
        const rows = await copyValidated(trx, input, format, { table: 'accounts_import', columns: ['line', ...BULK_ACCOUNT_COLUMNS] }, (record, line) => {
          const parsed = bulkAccountSchema.safeParse(record);
          return parsed.success
            ? { ok: true, values: [line, ...BULK_ACCOUNT_COLUMNS.map((c) => parsed.data[c])] }
            : { ok: false, issues: lineIssues(line, parsed.error.issues) };
        });
        const unknown = await trx.raw(
          `${TEAM_MEMBER_COLUMNS.map((c) => `select i.line, '${c}' as field, i.${c} as id from accounts_import i
           where i.${c} is not null and not exists (select 1 from team_members t where t.id = i.${c})`).join(' union all ')}
           order by line, field limit 100`,
        );
        if (unknown.rows.length > 0) {
          throw new ValidationError(
            unknown.rows.map((r: { line: number; field: string; id: string }) => ({ path: `line ${r.line}.${r.field}`, message: noTeamMember(r.id) })),
          );
        }
        // The stage's start restarts (now) only for a stage that differs from the stored one.
        const stage = 'coalesce(excluded.onboarding_stage, accounts.onboarding_stage)';
        const upserted = await trx.raw(
          `insert into accounts (id, ${FACTS.join(', ')}, onboarding_stage_since, updated_at)
           select distinct on (id) id, ${FACTS.join(', ')}, ${stageSinceOnInsert('onboarding_stage', 'now()')}, now()
           from accounts_import order by id, line desc
           on conflict (id) do update set
             ${FACTS.map((c) => `${c} = coalesce(excluded.${c}, accounts.${c})`).join(', ')},
             onboarding_stage_since = ${stageSinceOnUpdate(stage, 'now()')}, updated_at = now()`,
        );
        return { rows, accounts: (upserted.rowCount ?? 0) as number };
      });
    },
  };
}
