// The metrics arrays of a backtest, stored once for all its days (the repository of
// backtest_metric_scans and backtest_metric_arrays, the only code writing them): the per-account
// running totals over the whole day grid that each chunk of days would otherwise compute again for
// its own days and lookback (domain/rules/compile.ts compileMetricArrays; bench/README.md
// "Backtest", round 4). A chunk reads them only when they were built from the same running totals
// (the scan's signature) over a grid covering its days (evaluateRuleAccountsOnDays); the tables are
// unlogged scratch, deleted when the backtest ends.
import type { Db } from '../../runtime/db.js';
import type { RuleVersion } from '../../domain/rules/schema.js';
import type { ProductVocabulary } from '../../domain/rules/vocabulary.js';
import { metricArraysFor, withAnalyticsSettings, type StoredMetricArrays } from './ruleEvaluation.js';

/** Computes and stores the metrics arrays of `rules` over `days` under `key` (a backtest id),
 * replacing any stored before (a retried step). False when there is nothing to store (no rule runs,
 * or one has no many-days form): the chunks then go without. Aborting `signal` cancels the query in
 * flight and stores nothing. */
export async function storeMetricArrays(db: Db, key: number, rules: RuleVersion[], days: readonly string[], opts: { vocabulary?: ProductVocabulary; signal?: AbortSignal } = {}): Promise<boolean> {
  const compiled = await metricArraysFor(db, rules, days, opts.vocabulary);
  if (!compiled) return false;
  await withAnalyticsSettings(
    db,
    async (trx) => {
      // The arrays go with their scan (on delete cascade).
      await trx('backtest_metric_scans').where({ backtest_id: key }).delete();
      await trx('backtest_metric_scans').insert({ backtest_id: key, signature: compiled.signature, first_day: compiled.firstDay, last_day: compiled.lastDay });
      await trx.raw(`insert into backtest_metric_arrays (backtest_id, account_id, row_days, dates, nums) select ?, s.account_id, s.row_days, s.dates, s.nums from (${compiled.sql}) s`, [key]);
    },
    opts.signal,
  );
  return true;
}

/** The stored scan under `key`, or null. */
export async function storedMetricArrays(db: Db, key: number): Promise<StoredMetricArrays | null> {
  const row = await db('backtest_metric_scans').where({ backtest_id: key }).first('signature', 'first_day', 'last_day');
  return row ? { key, signature: row.signature, firstDay: row.first_day, lastDay: row.last_day } : null;
}

/** The keys with a stored scan. */
export async function storedMetricKeys(db: Db): Promise<number[]> {
  return (await db('backtest_metric_scans').pluck('backtest_id')).map(Number);
}

/** Deletes the stored scans of these keys (their arrays go with them). */
export async function dropMetricArrays(db: Db, keys: number[]): Promise<void> {
  if (keys.length === 0) return;
  await db('backtest_metric_scans').whereIn('backtest_id', keys).delete();
}
