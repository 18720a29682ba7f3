// Passes a JS array to PostgreSQL as one array parameter. knex expands a bare array binding into a
// list of placeholders (`in (?, ?)`), which is not what `unnest(?::text[])` wants; pg's driver turns
// an object with toPostgres() into whatever it returns, and serializes an array as an array literal.
// Typed as a plain record so knex accepts it as a binding value.
export type PgArray = Record<string, unknown> & { toPostgres(): unknown[] };

export function pgArray(values: readonly unknown[]): PgArray {
  return { toPostgres: () => [...values] };
}
