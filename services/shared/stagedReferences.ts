// Reference checks of a staged bulk load (a temp table with a `line` column): the lines whose
// columns name a row that does not exist, first 100, in line order. The owning repository passes
// the existence test over its own table, so the SQL naming that table stays in its owner.
import type { Knex } from 'knex';

/** A line of a staged import naming an id that does not exist. */
export type MissingReference = { line: number; field: string; id: string };

export async function missingReferences(
  db: Knex | Knex.Transaction,
  staged: string,
  columns: readonly string[],
  exists: (ref: string) => string,
): Promise<MissingReference[]> {
  const { rows } = await db.raw(
    `${columns.map((c) => `select i.line, '${c}' as field, i.${c} as id from ${staged} i where i.${c} is not null and not ${exists(`i.${c}`)}`).join(' union all ')}
     order by line, field limit 100`,
  );
  return rows;
}
