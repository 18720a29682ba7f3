// Bulk bodies (NDJSON or CSV with a header row) read as a stream of records with their line
// numbers, and PostgreSQL COPY fed from an async stream of rows: history loads never sit in memory
// and never go row by row through INSERT.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse';
import { from as copyFrom } from 'pg-copy-streams';
import type { Knex } from 'knex';
import { ValidationError, type FieldIssue } from './errors.js';

export type BulkFormat = 'csv' | 'ndjson';
export const BULK_CONTENT_TYPES: Record<string, BulkFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};

export type BulkRecord = { line: number; record: unknown } | { line: number; issue: FieldIssue };

export async function* readRecords(input: Readable, format: BulkFormat): AsyncGenerator<BulkRecord> {
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, record: JSON.parse(text) };
      } catch {
        yield { line, issue: { path: `line ${line}`, message: 'not valid JSON' } };
      }
    }
    return;
  }
  const parser = input.pipe(parseCsv({ columns: true, skip_empty_lines: true, trim: true, info: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: unknown; info: { lines: number } }>) {
      yield { line: info.lines, record };
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
  const connection = await (trx.client as { acquireConnection(): Promise<any> }).acquireConnection();
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
