// Property-based fuzzing of every route in the OpenAPI document against the real API and a real
// PostgreSQL: requests generated from each route's own schema, valid and mutated (NUL and control
// characters, nesting past the limit, wrong types, missing fields, out-of-range numbers and dates,
// unknown enum values). Whatever comes in: never a 5xx; a 4xx says what (a 400 names the field, and
// for a mutated request the field the mutation touched); a refused request writes no row (a trigger
// on every table logs writes, transactionally, so a rolled-back write is not counted).
//
// Temporal is not started: routes that start or update a workflow get only requests no schema may
// accept (they must be refused before reaching Temporal); the others get valid requests too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { OPENAPI_PATH } from '../../api/shared/openapi.js';
import type { TestDatabase } from '../support/database.js';
import { startEdgeApi, type EdgeApi } from '../support/edgeApi.js';
import { mutated, SCHEMA_KINDS, toJsonText, UNIVERSAL_KINDS, valid, type JsonSchema, type Mutation } from '../support/schemaArbitraries.js';

const ADMIN_KEY = 'fuzz-admin-key-0123456789';
const WRITE_KEY = 'fuzz-write-key-0123456789';
/** Requests per route, by what a request costs: a bulk load stages its lines in PostgreSQL before
 * refusing them, a route without inputs has nothing to mutate. FUZZ_SCALE shrinks them for a quick
 * look (the 10,000 minimum is then not checked). */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
function runsFor(route: Route, kind: 'mutated' | 'valid'): number {
  const hasInput = (route.op.parameters ?? []).length > 0 || route.op.requestBody !== undefined;
  const [mutated, valid] = !hasInput ? [0, 10] : isBulk(route.op) ? [20, 8] : [150, 15];
  return Math.ceil((kind === 'mutated' ? mutated : valid) * SCALE);
}
/** Routes fuzzed at once with mutated requests (the machine waits on PostgreSQL more than it computes). */
const CONCURRENCY = 8;

/** Routes that start, update or signal a workflow, or report on Temporal: refused requests only. */
const NEEDS_TEMPORAL = new Set([
  'POST /alerts', 'POST /alerts/{id}/ack', 'POST /alerts/{id}/dismiss', 'POST /alerts/{id}/snooze', 'POST /alerts/{id}/outcome',
  'PATCH /alerts/{id}/outcome', 'POST /alerts/{id}/notes', 'POST /actions/{token}', 'POST /evaluations',
  'POST /rules/{key}/backtests', 'POST /backtests/{id}/cancel',
]);
/** Routes that check a signature over the raw body before reading it: a bad body is refused as
 * unsigned (401, or 404 while the integration is off), not as invalid. */
const SIGNED_BODY = new Set(['POST /slack/interactions', 'POST /sendgrid/events']);
/** Not fuzzed: readiness answers 503 by design while Temporal is down (as here); the docs UI is static;
 * the inbox's event stream takes no input and never ends (a valid request would wait forever; its
 * refusals are tested in test/web/inboxEvents.test.ts). */
const SKIPPED = new Set(['GET /readyz', 'GET /inbox/events']);

let edge: EdgeApi;
let database: TestDatabase;
let api: FastifyInstance;
let total = 0;
const tally: Record<string, { sent: number; byStatus: Record<number, number>; ms?: number }> = {};

interface Parameter { in: string; name: string; required?: boolean; schema: JsonSchema }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: Array<Record<string, unknown>> }
interface Route { key: string; method: string; path: string; op: Operation }

/** Parameters of one kind (`query`, `path`) as one object schema, so they mutate like a body. */
function parameterSchema(op: Operation, kind: string): JsonSchema {
  const ps = (op.parameters ?? []).filter((p) => p.in === kind);
  return { type: 'object', properties: Object.fromEntries(ps.map((p) => [p.name, p.schema])), required: ps.filter((p) => p.required || kind === 'path').map((p) => p.name) };
}

/** A CSV or NDJSON load (the bulk routes): sent as NDJSON lines. */
const isBulk = (op: Operation) => 'text/csv' in (op.requestBody?.content ?? {});

interface Request { method: string; url: string; headers: Record<string, string>; payload?: string; mutation?: Mutation & { part: string }; }

const BULK_COLUMNS = ['id', 'name', 'account_id', 'day', 'event', 'user_id', 'message_id', 'timestamp', 'logins', 'seat_limit', 'kind', 'occurred_at', 'type', 'value_cents', 'properties'];

/** A request for `route`: every part valid, or exactly one part mutated. */
function requestArbitrary(route: Route, mutate: boolean): fc.Arbitrary<Request> {
  const { op } = route;
  const pathSchema = parameterSchema(op, 'path');
  const querySchema = parameterSchema(op, 'query');
  const [contentType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  const bulk = isBulk(op);
  const form = contentType === 'application/x-www-form-urlencoded';
  const bodySchema: JsonSchema | undefined = !content ? undefined
    : bulk ? { type: 'array', minItems: 1, maxItems: 3, items: { type: 'object', properties: Object.fromEntries(BULK_COLUMNS.map((c) => [c, { type: ['string', 'integer'] }])) } }
    : content.schema;
  const parts: Array<{ part: string; schema: JsonSchema; stringly: boolean }> = [];
  if (Object.keys(pathSchema.properties!).length) parts.push({ part: 'params', schema: pathSchema, stringly: true });
  if (Object.keys(querySchema.properties!).length) parts.push({ part: 'query', schema: querySchema, stringly: true });
  if (bodySchema) parts.push({ part: 'body', schema: bodySchema, stringly: form });

  const kinds = (stringly: boolean, part: string) => [
    ...UNIVERSAL_KINDS.filter((k) => !(stringly && k !== 'control')),
    ...SCHEMA_KINDS.filter((k) => !(bulk && part === 'body') && !(part === 'params' && k === 'missing')),
  ];
  const partValues = mutate && parts.length
    ? fc.nat({ max: parts.length - 1 }).chain((which) => fc.tuple(...parts.map((p, i) => (i === which
      ? mutated(p.schema, kinds(p.stringly, p.part), p.stringly).map((m) => ({ value: m.value, mutation: { ...m.mutation, part: p.part } as Request['mutation'] }))
      : valid(p.schema).map((value) => ({ value, mutation: undefined as Request['mutation'] }))))))
    : fc.tuple(...parts.map((p) => valid(p.schema).map((value) => ({ value, mutation: undefined as Request['mutation'] }))));
  return partValues.map((values) => {
    const byPart = Object.fromEntries(parts.map((p, i) => [p.part, values[i]!]));
    const mutation = values.find((v) => v.mutation)?.mutation;
    const params = (byPart.params?.value ?? {}) as Record<string, unknown>;
    const query = (byPart.query?.value ?? {}) as Record<string, unknown>;
    // A segment of dots (even escaped) is resolved away before any route sees it: never an id.
    let url = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(params[name] ?? '')).replace(/^\.+$/, (dots) => `${dots}x`));
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])).toString();
    if (qs) url += `?${qs}`;
    const headers: Record<string, string> = {};
    const security = JSON.stringify(op.security ?? []);
    if (security.includes('writeKey')) headers.authorization = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
    else if (security.includes('apiKey')) headers.authorization = `Bearer ${ADMIN_KEY}`;
    let payload: string | undefined;
    if (byPart.body) {
      const body = byPart.body.value;
      const m = byPart.body.mutation;
      headers['content-type'] = bulk ? 'application/x-ndjson' : contentType!;
      payload = bulk && !Array.isArray(body) ? `${toJsonText(body, m)}\n`
        : bulk ? (body as unknown[]).map((line, i) => toJsonText(line, m?.path[0] === i ? { ...m, path: m.path.slice(1) } : undefined)).join('\n') + '\n'
        : form ? new URLSearchParams(Object.entries((body ?? {}) as object).map(([k, v]) => [k, String(v)])).toString()
        : toJsonText(body, m);
    }
    return { method: route.method, url, headers, payload, mutation };
  });
}

/** The field a refusal of `m` must name: `query.x`, `params.id`, `payload.what`, `line 2.day`. */
function expectedField(m: Request['mutation'] & {}, bulk: boolean): string {
  if (m.part === 'body' && bulk && m.path.length === 0) return 'line 1';
  if (m.part === 'body' && bulk) return `line ${Number(m.path[0]) + 1}${m.path.length > 1 ? `.${m.path.slice(1).join('.')}` : ''}`;
  const prefix = m.part === 'body' ? [] : [m.part];
  // The API's paths leave out empty keys, as here.
  return [...prefix, ...m.path].filter((k) => k !== '').join('.') || '(body)';
}

/** Names the same place, or one enclosing it (a schema refuses the object a bad member is in), or one
 * inside it (a refused subtree names its first bad leaf). Empty keys are left out on both sides (the
 * tracking API keeps them, the others drop them). */
const related = (namedPath: string, expectedPath: string) => {
  const normal = (p: string) => p.split('.').filter(Boolean).join('.');
  const [named, expected] = [normal(namedPath), normal(expectedPath)];
  return expected === '(body)' || named === expected || expected.startsWith(`${named}.`) || named.startsWith(`${expected}.`) || named === '(body)' || named === 'query' || named === 'params';
};

/** How many writes the log holds (its newest id: ids are never reused). */
async function writes(): Promise<number> {
  return Number((await database.db('fuzz_writes').max('id as n').first())?.n ?? 0);
}

const writesSince = async (mark: number) => JSON.stringify(await database.db('fuzz_writes').where('id', '>', mark).orderBy('id').limit(5).select('tbl', 'op'));

/** Sends one request and checks its answer; answers whether it was refused. */
async function check(route: Route, req: Request, bulk: boolean): Promise<{ refused: boolean; shown: string }> {
  const res = await api.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload });
  total++;
  const t = (tally[route.key] ??= { sent: 0, byStatus: {} });
  t.sent++;
  t.byStatus[res.statusCode] = (t.byStatus[res.statusCode] ?? 0) + 1;
  const shown = `${req.method} ${req.url.slice(0, 300)} ${req.payload?.slice(0, 300) ?? ''} → ${res.statusCode} ${res.body.slice(0, 400)}`;
  assert.ok(res.statusCode < 500, `a 5xx: ${shown}`);
  if (req.mutation && !SIGNED_BODY.has(route.key)) assert.ok(res.statusCode === 400 || res.statusCode === 413, `a mutated request (${req.mutation.kind} at ${req.mutation.part}.${req.mutation.path.join('.')}) was not refused as invalid: ${shown}`);
  if (res.statusCode < 400) return { refused: false, shown };
  if (String(res.headers['content-type']).includes('json')) {
    const body = res.json() as { error?: string; message?: string; issues?: Array<{ path: string; message: string }>; rejected?: Array<{ index: number; field: string; problem: string }> };
    // The tracking batch answers Segment-style, each refused message by its index and field.
    body.issues ??= body.rejected?.map((r) => ({ path: ['batch', r.index, ...(r.field === '(message)' ? [] : [r.field])].join('.'), message: r.problem }));
    if (res.statusCode === 400 || res.statusCode === 413) {
      assert.ok(body.issues?.length && body.issues.every((i) => i.path && i.message), `a 400 without named fields: ${shown}`);
      if (req.mutation && !SIGNED_BODY.has(route.key)) {
        const expected = expectedField(req.mutation, bulk);
        assert.ok(body.issues.some((i) => related(i.path, expected)), `the refusal does not name ${expected}: ${shown}`);
      }
    } else {
      assert.ok(body.error && body.message, `a ${res.statusCode} without a reason: ${shown}`);
    }
  } else {
    // The email action pages answer in HTML: a page saying what went wrong.
    assert.match(res.body, /<h1>[^<]+<\/h1>/, `an HTML ${res.statusCode} without a heading: ${shown}`);
  }
  return { refused: true, shown };
}

/** Runs `numRuns` requests from `arbitrary` at `route`; the assertion's message shows the failing
 * request cut short (a counterexample nested 5,000 deep is long). */
async function fuzz(route: Route, arbitrary: fc.Arbitrary<Request>, numRuns: number, property: (req: Request) => Promise<void>) {
  const started = Date.now();
  const result = await fc.check(fc.asyncProperty(arbitrary, property), { numRuns, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });
  (tally[route.key] ??= { sent: 0, byStatus: {} }).ms = ((tally[route.key]!.ms ?? 0) + Date.now() - started);
  if (result.failed) assert.fail(`${route.key}, seed ${result.seed}: ${String((result.errorInstance as Error)?.message ?? result.errorInstance).slice(0, 2000)}`);
}

let routes: Route[] = [];

before(async () => {
  edge = await startEdgeApi(ADMIN_KEY, { deps: { ingestWriteKey: WRITE_KEY }, api: { rateLimits: { apiPerMinute: 1e9, actionPostsPerMinute: 1e9, authFailuresPerMinute: 1e9 } } });
  ({ database, api } = edge);
  const { db } = database;
  // Every write to every table, logged in the writing transaction: a rolled-back write leaves no trace.
  await db.raw(`create table fuzz_writes (id bigserial primary key, tbl text not null, op text not null)`);
  await db.raw(`create function fuzz_log() returns trigger language plpgsql as $$ begin insert into fuzz_writes (tbl, op) values (tg_table_name, tg_op); return null; end $$`);
  // A partition takes its partitioned table's row trigger (so its writes are logged too): only the
  // tables that are not partitions get one.
  const tables = (
    await db.raw(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          and c.relname not in ('fuzz_writes', 'knex_migrations', 'knex_migrations_lock')`,
    )
  ).rows.map((r: { relname: string }) => r.relname);
  for (const t of tables) await db.raw(`create trigger fuzz_log after insert or update or delete on ?? for each row execute function fuzz_log()`, [t]);
  const spec = (await api.inject({ method: 'GET', url: OPENAPI_PATH })).json() as { paths: Record<string, Record<string, Operation>> };
  routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op })))
    .filter((r) => !SKIPPED.has(r.key));
});
after(async () => {
  await edge?.close();
  if (process.env.FUZZ_TALLY) writeFileSync(process.env.FUZZ_TALLY, JSON.stringify(tally, null, 1));
});

describe('fuzzing every route from its schema', () => {
  test('no 5xx, every 4xx says what, no refused request writes', async () => {
    assert.ok(routes.length > 70, `the document lists ${routes.length} routes`);
    // Mutated requests must all be refused (one answered below 400 fails at once), so their writes
    // are counted once around the lot, and routes are fuzzed side by side (the machine waits on
    // PostgreSQL more than it computes). The writes log names the table if one is written.
    const mark = await writes();
    const queue = [...routes];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let route = queue.shift(); route; route = queue.shift()) {
        const bulk = isBulk(route.op);
        if (runsFor(route, 'mutated') === 0) continue;
        await fuzz(route, requestArbitrary(route, true), runsFor(route, 'mutated'), async (req) => void (await check(route!, req, bulk)));
      }
    }));
    assert.equal(await writes(), mark, `refused requests wrote rows: ${await writesSince(mark)}`);
    // Valid requests may write: one at a time, each refused one checked on its own (the count after
    // one request is the count before the next).
    let count = await writes();
    for (const route of routes.filter((r) => !NEEDS_TEMPORAL.has(r.key))) {
      const bulk = isBulk(route.op);
      await fuzz(route, requestArbitrary(route, false), runsFor(route, 'valid'), async (req) => {
        const before = count;
        const { refused, shown } = await check(route, req, bulk);
        count = await writes();
        if (refused) assert.equal(count, before, `a refused request wrote rows: ${shown} ${await writesSince(before)}`);
      });
    }
    if (SCALE >= 1) assert.ok(total >= 10_000, `only ${total} requests were generated`);
  });
});
