// POST /events/bulk: event history (NDJSON or CSV) streamed with COPY into a temp table, validated row
// by row (a bad row fails the upload, named by line and column), then inserted set-based (a message id
// already stored is skipped) and folded into the daily metrics of exactly the days it touched.
import type { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import { parseBulkEvent } from '../../domain/usage/bulkEvents.js';
import { measureEvent } from '../../domain/usage/usageEvents.js';
import { copyValidated, type BulkFormat } from './bulkRecords.js';
import { recomputeDaysIn } from './dailyMetrics.js';
import { createUsageRepository } from './usageRepository.js';

const COLUMNS = [
  'line', 'message_id', 'account_id', 'user_id', 'anonymous_id', 'event', 'occurred_at', 'properties',
  'is_login', 'session_minutes', 'feature', 'action_kind', 'api_calls', 'storage_used',
] as const;
const STORED = COLUMNS.filter((c) => c !== 'line' && c !== 'account_id');

export function createBulkEventService(db: Db) {
  return {
    async importEvents(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(
          `create temp table events_import (line int not null, message_id text not null, account_id text, user_id text,
             anonymous_id text, event text not null, occurred_at timestamptz not null, properties jsonb not null,
             is_login boolean not null, session_minutes float8 not null, feature text, action_kind text,
             api_calls bigint not null, storage_used float8) on commit drop`,
        );
        const rows = await copyValidated(trx, input, format, { table: 'events_import', columns: COLUMNS }, (record, line) => {
          const parsed = parseBulkEvent(record);
          if (!parsed.ok) return { ok: false, issues: parsed.issues.map((i) => ({ path: `line ${line}.${i.field}`, message: i.problem })) };
          const m = parsed.message;
          const x = measureEvent(m.event, m.properties);
          return {
            ok: true,
            values: [line, m.messageId, m.context?.groupId ?? null, m.userId ?? null, m.anonymousId ?? null, m.event, m.timestamp,
              m.properties, x.isLogin, x.sessionMinutes, x.feature, x.actionKind, x.apiCalls, x.storageUsed],
          };
        });
        // A row without an account counts for its user's account, when the user has one.
        const usage = createUsageRepository(trx);
        await usage.fillStagedAccounts('events_import');
        const stored = await usage.insertStagedEvents('events_import', STORED);
        await usage.addStagedFeatures('events_import');
        await trx.raw(
          `create temp table events_import_days on commit drop as
           select distinct account_id, (occurred_at at time zone 'UTC')::date as day from events_import where account_id is not null`,
        );
        const recomputedDays = await recomputeDaysIn(trx, 'events_import_days');
        return { rows, stored, recomputedDays };
      });
    },
  };
}
