// Keyset pages: a list asks its store for one row more than the page holds; that extra row says
// whether there is a next page, and the page's last row's key is the cursor for it.

/** `rows` as fetched with `limit + 1`: the page and the next page's cursor (null on the last page). */
export function keysetPage<R, K>(rows: R[], limit: number, key: (row: R) => K): { items: R[]; next: K | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? key(items[items.length - 1]!) : null };
}
