// Touchpoints (QBRs, meetings, calls, emails with an account): record one, load many from a CRM
// export, list an account's newest first. With an external id, sending the same touchpoint again
// (per source) updates it rather than adding it twice, so a CRM sync can simply re-send.
import type { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import { parseBulkTouchpoint, TOUCHPOINT_COLUMNS, type TouchpointInput, type TouchpointKind } from '../../domain/accounts/touchpoints.js';
import { copyValidated, lineIssues, type BulkFormat } from '../usage/bulkRecords.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { isoTime } from '../shared/isoTime.js';
import { noTeamMember, teamMemberIssues } from './teamMemberRefs.js';
import { createAccountRepository } from './accountRepository.js';
import { createTeamRepository } from './teamRepository.js';
import { keyset } from '../shared/keyset.js';
import { keysetPage } from '../../domain/shared/paging.js';

/** A stored row of `touchpoints`. */
export type StoredTouchpointRow = {
  id: number;
  account_id: string;
  kind: TouchpointKind;
  occurred_at: Date;
  recorded_by: string | null;
  note: string | null;
  source: string;
  external_id: string | null;
  created_at: Date;
};

export function touchpointView(r: StoredTouchpointRow) {
  return {
    id: Number(r.id),
    accountId: r.account_id,
    kind: r.kind,
    occurredAt: isoTime(r.occurred_at),
    recordedBy: r.recorded_by,
    note: r.note,
    source: r.source,
    externalId: r.external_id,
    createdAt: isoTime(r.created_at),
  };
}

const COLUMNS = Object.keys(TOUCHPOINT_COLUMNS);

type TouchpointRow = { account_id: string; kind: string; occurred_at: string; recorded_by: string | null; note?: string | null; source: string; external_id?: string | null };

/** Inserts touchpoints as given, in chunks, without checks (a dev loader's world is consistent by construction). */
export async function insertTouchpoints(db: Db, rows: TouchpointRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db('touchpoints').insert(rows.slice(i, i + 1000));
}
// A re-sent touchpoint (same source and external id) takes the new values of these columns.
const UPDATED_ON_RESEND = ['account_id', 'kind', 'occurred_at', 'recorded_by', 'note'];

export function createTouchpointService(db: Db) {
  return {
    async create(input: TouchpointInput) {
      return db.transaction(async (trx) => {
        const issues = [];
        if (!(await createAccountRepository(trx).exists(input.accountId))) issues.push({ path: 'accountId', message: `no account with id "${input.accountId}"` });
        issues.push(...(await teamMemberIssues(trx, [['recordedBy', input.recordedBy]])));
        if (issues.length > 0) throw new ValidationError(issues);
        const [row] = await trx('touchpoints')
          .insert({
            account_id: input.accountId,
            kind: input.kind,
            occurred_at: input.occurredAt,
            recorded_by: input.recordedBy ?? null,
            note: input.note ?? null,
            source: input.source,
            external_id: input.externalId ?? null,
          })
          .onConflict(['source', 'external_id'])
          .merge(UPDATED_ON_RESEND)
          .returning(['*', trx.raw('(xmax = 0) as created')]);
        return { created: row.created as boolean, touchpoint: touchpointView(row) };
      });
    },

    /** NDJSON or CSV rows; any bad row (or unknown account or team member) refuses the whole upload. */
    async importBulk(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(
          `create temp table touchpoints_import (line int not null, account_id text not null, kind text not null,
             occurred_at timestamptz not null, recorded_by text, note text, source text not null, external_id text) on commit drop`,
        );
        const rows = await copyValidated(trx, input, format, { table: 'touchpoints_import', columns: ['line', ...COLUMNS] }, (record, line) => {
          const parsed = parseBulkTouchpoint(record);
          if (!parsed.ok) return { ok: false, issues: lineIssues(line, parsed.issues) };
          const v = parsed.value;
          return { ok: true, values: [line, v.accountId, v.kind, v.occurredAt, v.recordedBy ?? null, v.note ?? null, v.source, v.externalId ?? null] };
        });
        const unknown = [
          ...(await createAccountRepository(trx).missingIn('touchpoints_import', ['account_id'])).map((r) => ({ ...r, message: `no account with id "${r.id}"` })),
          ...(await createTeamRepository(trx).missingIn('touchpoints_import', ['recorded_by'])).map((r) => ({ ...r, message: noTeamMember(r.id) })),
        ].sort((x, y) => x.line - y.line || x.field.localeCompare(y.field));
        if (unknown.length > 0) throw new ValidationError(unknown.slice(0, 100).map((r) => ({ path: `line ${r.line}.${r.field}`, message: r.message })));
        // One statement may not update a row twice: for a repeated external id, the last line wins.
        const saved = await trx.raw(
          `with saved as (
             insert into touchpoints (${COLUMNS.join(', ')})
             select ${COLUMNS.join(', ')} from (
               select distinct on (source, external_id) * from touchpoints_import where external_id is not null order by source, external_id, line desc) keyed
             union all
             select ${COLUMNS.join(', ')} from touchpoints_import where external_id is null
             on conflict (source, external_id) do update set ${UPDATED_ON_RESEND.map((c) => `${c} = excluded.${c}`).join(', ')}
             returning (xmax = 0) as created)
           select count(*) filter (where created)::int as created, count(*) filter (where not created)::int as updated from saved`,
        );
        return { rows, ...(saved.rows[0] as { created: number; updated: number }) };
      });
    },

    /** An account's touchpoints newest first, a page at a time: `before` is the last id of the
     * previous page, and the page goes on from that row's place in the order (when it happened, then
     * id), so touchpoints loaded later with an earlier time neither repeat nor go missing across pages. */
    async listForAccount(accountId: string, page: { limit: number; before?: number }) {
      if (!(await createAccountRepository(db).exists(accountId))) throw new NotFoundError(`no account ${accountId}`);
      const rows = await keyset(db('touchpoints').where({ account_id: accountId }), { table: 'touchpoints', columns: ['occurred_at', 'id'], direction: 'desc' }, { limit: page.limit, cursor: page.before });
      const next = keysetPage(rows.map(touchpointView), page.limit, (t) => Number(t.id));
      return { items: next.items, nextBefore: next.next };
    },
  };
}

export type TouchpointService = ReturnType<typeof createTouchpointService>;
