// Bulk bodies (NDJSON or CSV with a header row) read as a stream of records with their line
// numbers, and PostgreSQL COPY fed from an async stream of rows: history loads never sit in memory
// and never go row by row through INSERT.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse';
import { from as copyFrom } from 'pg-copy-streams';
import type { Knex } from 'knex';
import type pg from 'pg';
import { ValidationError, type FieldIssue } from '../shared/errors.js';
import { jsonValueProblem } from '../../domain/shared/safeValues.js';

export type BulkFormat = 'csv' | 'ndjson';
export const BULK_CONTENT_TYPES: Record<string, BulkFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};

export type BulkRecord = { line: number; record: unknown } | { line: number; issue: FieldIssue };

/** A record, or the first value in it no row may hold (NUL, control characters, nesting too deep),
 * checked before any schema recurses into it. */
function checked(line: number, record: unknown): BulkRecord {
  const problem = jsonValueProblem(record);
  return problem ? { line, issue: lineIssues(line, [problem])[0]! } : { line, record };
}

export async function* readRecords(input: Readable, format: BulkFormat): AsyncGenerator<BulkRecord> {
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield checked(line, JSON.parse(text));
      } catch {
        yield { line, issue: { path: `line ${line}`, message: 'not valid JSON' } };
      }
    }
    return;
  }
  const parser = input.pipe(parseCsv({ columns: true, skip_empty_lines: true, trim: true, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: unknown; info: { lines: number } }>) {
      yield checked(info.lines, record);
    }
  } catch (err) {
    throw new ValidationError([{ path: '(body)', message: `malformed CSV: ${(err as Error).message}` }]);
  }
}

/** One value in COPY's text format: \N is null, and backslash, tab, newline and CR are escaped. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams rows into `table` (on the transaction's own connection) with COPY; answers the row count. */
export async function copyRows(trx: Knex.Transaction, table: string, columns: readonly string[], rows: AsyncIterable<unknown[]>): Promise<number> {
  const connection = await (trx.client as { acquireConnection(): Promise<pg.ClientBase> }).acquireConnection();
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const copy = connection.query(copyFrom(`copy ${ident(table)} (${columns.map(ident).join(', ')}) from stdin`));
  let count = 0;
  async function* lines() {
    // Joined into chunks: one write per row would make COPY slower than it needs to be.
    let chunk = '';
    for await (const row of rows) {
      chunk += row.map(copyValue).join('\t') + '\n';
      count++;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), copy);
  return count;
}

export type RowResult = { ok: true; values: unknown[] } | { ok: false; issues: FieldIssue[] };
const MAX_ISSUES = 100;

/**
 * Reads `input`, turns each record into a row with `toRow` and COPYs the good ones into `table`.
 * Any bad record fails the whole load (the caller's transaction rolls back) with up to 100 issues
 * named by line and field; an empty body is refused too. Answers the row count.
 */
export async function copyValidated(
  trx: Knex.Transaction,
  input: Readable,
  format: BulkFormat,
  target: { table: string; columns: readonly string[] },
  toRow: (record: unknown, line: number) => RowResult,
): Promise<number> {
  const issues: FieldIssue[] = [];
  async function* valid(): AsyncGenerator<unknown[]> {
    for await (const r of readRecords(input, format)) {
      const result: RowResult = 'issue' in r ? { ok: false, issues: [r.issue] } : toRow(r.record, r.line);
      if (result.ok) yield result.values;
      else issues.push(...result.issues.slice(0, MAX_ISSUES - issues.length));
    }
  }
  const rows = await copyRows(trx, target.table, target.columns, valid());
  if (issues.length > 0) throw new ValidationError(issues);
  if (rows === 0) throw new ValidationError([{ path: '(body)', message: 'no rows' }]);
  return rows;
}

/** Zod issues of one record, prefixed with its line. */
export const lineIssues = (line: number, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldIssue[] =>
  issues.map((i) => ({ path: `line ${line}.${i.path.map(String).join('.') || '(row)'}`, message: i.message }));
