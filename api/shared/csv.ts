// CSV answers: a route answers CSV when asked by `?format=csv` or `Accept: text/csv`, through
// csv-stringify (quoting, embedded commas and newlines handled by the library, not by joins).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';

export function wantsCsv(req: FastifyRequest, format?: string): boolean {
  if (format) return format === 'csv';
  return /\btext\/csv\b/i.test(req.headers.accept ?? '');
}

/** Rows as CSV with a header of every column any row has (first-seen order); arrays and objects as JSON. */
export function toCsv(rows: Array<Record<string, unknown>>): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : v);
  return stringify(
    rows.map((r) => columns.map((c) => cell(r[c]))),
    { header: true, columns },
  );
}

export function sendCsv(reply: FastifyReply, filename: string, rows: Array<Record<string, unknown>>) {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(toCsv(rows));
}
