// Keyset paging in SQL, shared by every list route's store: the page is `limit + 1` rows past the
// cursor row's place in the list's order (domain/shared/paging.ts turns the extra row into the
// next cursor). The cursor is the last row's id or key; when the list is ordered by another column
// first (a time, a start), the cursor row's values for those columns are read back in the same
// statement, so a row written later with an earlier time neither repeats nor shifts a page.
import type { Knex } from 'knex';

export type KeysetOrder = {
  /** The table (or alias) as the query names it, e.g. 'touchpoints' or 'r'. */
  table: string;
  /** The stored table the cursor row is read from (defaults to `table`). */
  from?: string;
  /** Sort columns, the unique key last (e.g. ['occurred_at', 'id'] or ['key']). */
  columns: readonly string[];
  direction: 'asc' | 'desc';
};

/** Orders `query` by `order`, keeps the rows after `cursor` in that order, and asks for one more row than `limit`. */
export function keyset<Q extends Knex.QueryBuilder>(query: Q, order: KeysetOrder, page: { limit: number; cursor?: string | number }): Q {
  const { table, columns, direction } = order;
  const key = columns[columns.length - 1]!;
  query.orderBy(columns.map((c) => ({ column: `${table}.${c}`, order: direction }))).limit(page.limit + 1);
  if (page.cursor === undefined) return query;
  const op = direction === 'desc' ? '<' : '>';
  if (columns.length === 1) return query.where(`${table}.${key}`, op, page.cursor) as Q;
  // A row tuple compares column by column: (t, id) < (t0, id0) is "earlier, or as early with a lower id".
  const list = columns.map(() => '??').join(', ');
  return query.whereRaw(`(${list}) ${op} (select ${list} from ?? where ?? = ?)`, [
    ...columns.map((c) => `${table}.${c}`),
    ...columns,
    order.from ?? table,
    key,
    page.cursor,
  ]) as Q;
}
