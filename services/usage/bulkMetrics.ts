// POST /metrics/daily: reported daily metrics, streamed with COPY into a temp table, validated row by
// row (any bad row rolls the whole upload back and is named by line and field), then upserted into
// reported_daily_metrics (the last row wins for a repeated account and day) and folded into
// daily_account_metrics for exactly the uploaded days.
import type { Readable } from 'node:stream';
import type { Db } from '../../runtime/db.js';
import { REPORTED_COLUMNS, reportedDailyMetricSchema } from '../../domain/usage/reportedMetrics.js';
import { copyValidated, lineIssues, type BulkFormat } from './bulkRecords.js';
import { createReportedStaging, recomputeDaysIn, upsertReportedFrom } from './dailyMetrics.js';

export function createBulkMetricsService(db: Db) {
  return {
    async importDaily(input: Readable, format: BulkFormat) {
      return db.transaction(async (trx) => {
        await createReportedStaging(trx, 'reported_import');
        const rows = await copyValidated(trx, input, format, { table: 'reported_import', columns: ['line', ...REPORTED_COLUMNS] }, (record, line) => {
          const parsed = reportedDailyMetricSchema.safeParse(record);
          return parsed.success
            ? { ok: true, values: [line, ...REPORTED_COLUMNS.map((c) => parsed.data[c])] }
            : { ok: false, issues: lineIssues(line, parsed.error.issues) };
        });

        const measures = REPORTED_COLUMNS.filter((c) => c !== 'account_id' && c !== 'day');
        await upsertReportedFrom(trx, 'reported_import', measures);
        const recomputedDays = await recomputeDaysIn(trx, 'reported_import');
        return { rows, recomputedDays };
      });
    },
  };
}
