// POST /metrics/daily: reported daily metrics, streamed with COPY into a temp table, validated row by
// row (any bad row rolls the whole upload back and is named by line and field), then upserted into
// reported_daily_metrics (the last row wins for a repeated account and day) and folded into
// daily_account_metrics for exactly the uploaded days.
import type { Readable } from 'node:stream';
import type { Db } from '../runtime/db.js';
import { REPORTED_COLUMNS, reportedDailyMetricSchema } from '../domain/reportedMetrics.js';
import { copyRows, readRecords, type BulkFormat } from './bulkRecords.js';
import { recomputeDaysIn } from './dailyMetrics.js';
import { ValidationError, type FieldIssue } from './errors.js';

const MAX_ISSUES = 100;

export function createBulkMetricsService(db: Db) {
  return {
    async importDaily(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await trx.raw(`create temp table reported_import (line int not null, like reported_daily_metrics including defaults) on commit drop`);
        const issues: FieldIssue[] = [];
        async function* valid(): AsyncGenerator<unknown[]> {
          for await (const r of readRecords(input, format)) {
            if ('issue' in r) {
              if (issues.length < MAX_ISSUES) issues.push(r.issue);
              continue;
            }
            const parsed = reportedDailyMetricSchema.safeParse(r.record);
            if (!parsed.success) {
              for (const i of parsed.error.issues) {
                if (issues.length < MAX_ISSUES) issues.push({ path: `line ${r.line}.${i.path.map(String).join('.') || '(row)'}`, message: i.message });
              }
              continue;
            }
            yield [r.line, ...REPORTED_COLUMNS.map((c) => parsed.data[c])];
          }
        }
        const rows = await copyRows(trx, 'reported_import', ['line', ...REPORTED_COLUMNS], valid());
        if (issues.length > 0) throw new ValidationError(issues);
        if (rows === 0) throw new ValidationError([{ path: '(body)', message: 'no rows' }]);

        const measures = REPORTED_COLUMNS.filter((c) => c !== 'account_id' && c !== 'day');
        await trx.raw(
          `insert into reported_daily_metrics (account_id, day, ${measures.join(', ')}, updated_at)
           select distinct on (account_id, day) account_id, day, ${measures.join(', ')}, now()
           from reported_import order by account_id, day, line desc
           on conflict (account_id, day) do update set
             ${measures.map((c) => `${c} = coalesce(excluded.${c}, reported_daily_metrics.${c})`).join(', ')}, updated_at = now()`,
        );
        const recomputedDays = await recomputeDaysIn(trx, 'reported_import');
        return { rows, recomputedDays };
      });
    },
  };
}
