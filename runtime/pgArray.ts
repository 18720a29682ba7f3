// Passes a JS array to PostgreSQL as one array parameter. knex expands a bare array binding into a
// list of placeholders (`in (?, ?)`), which is not what `unnest(?::text[])` wants; pg's driver turns
// an object with toPostgres() into whatever it returns, and serializes an array as an array literal.
// Typed as a plain record so knex accepts it as a binding value.
export type PgArray = Record<string, unknown> & { toPostgres(): unknown[] | string };

export function pgArray(values: readonly unknown[]): PgArray {
  return { toPostgres: () => [...values] };
}

/** Elements a PostgreSQL array literal is built from directly (textArray). */
export type ArrayElement = string | number | boolean | null;

/** Like pgArray, for strings, numbers, booleans and nulls only, with the literal built here: the
 * intake sends 12 such arrays of up to 10,000 elements a batch, and pg's general serializer (two
 * regular-expression replaces per element, numbers and booleans through the same path) showed in
 * its CPU profile. An element is quoted (backslash and double quote escaped) or NULL, which
 * PostgreSQL parses as that element's type (text, timestamptz, float8, bigint, boolean). */
export function textArray(values: readonly ArrayElement[]): PgArray {
  return { toPostgres: () => arrayLiteral(values) };
}

const NEEDS_ESCAPE = /[\\"]/g;

export function arrayLiteral(values: readonly ArrayElement[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else {
      const text = typeof v === 'string' ? v : String(v);
      out += text.includes('"') || text.includes('\\') ? `"${text.replace(NEEDS_ESCAPE, '\\$&')}"` : `"${text}"`;
    }
  }
  return `${out}}`;
}
