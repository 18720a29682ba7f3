// The OpenAPI document against the running app (real PostgreSQL): it is valid OpenAPI 3, it lists
// every registered route with its auth and error answers, every route of the README's API table is
// in it, and /docs serves the browsable UI from node_modules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Client } from '@temporalio/client';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { buildApi } from '../../api/server.js';
import { compose } from '../../runtime/composition.js';
import { DOCS_PREFIX, OPENAPI_PATH } from '../../api/shared/openapi.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

type Spec = { paths: Record<string, Record<string, any>>; components: { securitySchemes: Record<string, unknown> } };

let database: TestDatabase;
const apps: FastifyInstance[] = [];

/** The app as production builds it, with the routes it registered (method and path). */
async function appWithRoutes(extra?: (app: FastifyInstance) => void) {
  const routes: Array<{ method: string; url: string }> = [];
  const onRoute = (r: RouteOptions) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  };
  const app = await buildApi(compose({ db: database.db, temporal: new Client(), taskQueue: 'openapi-test', actionSecret: 'test-action-secret-0123456789' }), { onRoute });
  extra?.(app);
  apps.push(app);
  const res = await app.inject({ method: 'GET', url: OPENAPI_PATH });
  assert.equal(res.statusCode, 200, 'the document needs no key');
  return { app, routes, spec: res.json() as Spec };
}

/** Registered routes the document does not list ("GET /alerts/{id}"), the docs' own routes and the
 * web app's files (/app/*, not API) aside. */
function missingFromSpec(routes: Array<{ method: string; url: string }>, spec: Spec): string[] {
  const notApi = (url: string) => [OPENAPI_PATH, DOCS_PREFIX, '/app'].includes(url) || url.startsWith(`${DOCS_PREFIX}/`) || url.startsWith('/app/');
  return routes
    .filter((r) => !notApi(r.url))
    .map((r) => ({ method: r.method.toLowerCase(), path: r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }))
    .filter((r) => !spec.paths[r.path]?.[r.method])
    .map((r) => `${r.method.toUpperCase()} ${r.path}`);
}

/** Success answers (2xx but 204) whose body has no schema, or an empty one (what z.unknown() gives):
 * a client generated from the document could not type them. */
function undescribedAnswers(spec: Spec): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [code, answer] of Object.entries<{ content?: Record<string, { schema?: Record<string, unknown> }> }>(op.responses ?? {})) {
        if (!code.startsWith('2') || code === '204') continue;
        const bodies = Object.values(answer.content ?? {});
        const described = (s?: Record<string, unknown>) => s !== undefined && Object.keys(s).some((k) => k !== 'description');
        if (bodies.length === 0 || !bodies.every((b) => described(b.schema))) out.push(`${method} ${path} ${code}`);
      }
    }
  }
  return out;
}

/** Operations that declare no success answer at all (not even a redirect): a client generated from
 * the document would type their answer as nothing. */
function withoutSuccessAnswer(spec: Spec): string[] {
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).flatMap(([method, op]) => (Object.keys(op.responses ?? {}).some((c) => /^[23]/.test(c)) ? [] : [`${method} ${path}`])),
  );
}
/** Routes still without a described answer (none since the last four were described); a new one
 * fails the test, or must be listed here to say so. */
const NO_SUCCESS_ANSWER_YET: string[] = [];

/** The README's API table as [method, path, role] rows; "GET/PUT /x" and "POST /a, /b" expand. */
async function readmeRoutes(): Promise<Array<{ method: string; path: string; role: string }>> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('## API'), readme.indexOf('\n## ', readme.indexOf('## API') + 1));
  const out: Array<{ method: string; path: string; role: string }> = [];
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1]!.startsWith('`')) continue;
    let methods: string[] = [];
    for (const item of cells[1]!.matchAll(/`([^`]+)`/g)) {
      const m = /^(?:([A-Z/]+) )?(\/\S*)$/.exec(item[1]!);
      assert.ok(m, `README route cell not understood: ${item[1]}`);
      if (m[1]) methods = m[1].split('/');
      for (const method of methods) out.push({ method, path: m[2]!.split('?')[0]!, role: cells[2]! });
    }
  }
  return out;
}

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  for (const app of apps) await app.close();
  await database?.drop();
});

describe('OpenAPI document', () => {
  test('is a valid OpenAPI 3 document', async () => {
    const { spec } = await appWithRoutes();
    const result = await new Validator().validate(spec as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.match((spec as unknown as { openapi: string }).openapi, /^3\./);
  });

  test('lists every registered route, and nothing else', async () => {
    const { routes, spec } = await appWithRoutes();
    assert.ok(routes.length > 40, `only ${routes.length} routes seen`);
    assert.deepEqual(missingFromSpec(routes, spec), []);
    const registered = new Set(routes.map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    assert.deepEqual(documented.filter((d) => !registered.has(d)), []);
  });

  test('every success answer but a 204 describes its body (no z.unknown() answers)', async () => {
    const { spec } = await appWithRoutes();
    assert.deepEqual(undescribedAnswers(spec), []);
    // The check itself: an answer left as z.unknown() is an empty schema, and it is named.
    const { spec: probe } = await appWithRoutes((app) =>
      app.withTypeProvider<ZodTypeProvider>().get('/undescribed', { schema: { response: { 200: z.unknown() } } }, async () => ({})),
    );
    assert.deepEqual(undescribedAnswers(probe), ['get /undescribed 200']);
  });

  test('every route declares its success answer (a route without a response schema has none in the document)', async () => {
    const { spec } = await appWithRoutes();
    assert.deepEqual(withoutSuccessAnswer(spec).sort(), [...NO_SUCCESS_ANSWER_YET].sort());
    const outcomes = spec.paths['/accounts/{id}/outcomes']!;
    const item = (schema: any) => schema.properties.items.items.properties;
    assert.deepEqual(Object.keys(item(outcomes.get.responses['200'].content['application/json'].schema)).sort(),
      ['accountId', 'arrCents', 'at', 'derivedFrom', 'id', 'note', 'recordedAt', 'source', 'type']);
    assert.ok(outcomes.post.responses['201'].content['application/json'].schema.properties.derivedFrom, "POST's 201 is the outcome");
    assert.ok(item(spec.paths['/accounts/{id}/history']!.get.responses['200'].content['application/json'].schema).traits, 'the history rows are described');
    // The check itself names a route without one.
    const { spec: probe } = await appWithRoutes((app) => app.withTypeProvider<ZodTypeProvider>().get('/no-answer', { schema: { querystring: z.object({}) } }, async () => ({})));
    assert.ok(withoutSuccessAnswer(probe).includes('get /no-answer'), 'a route without a response schema is named');
  });

  test('the coverage check names a route hidden from the document', async () => {
    const { routes, spec } = await appWithRoutes((app) => app.get('/hidden-from-spec', { schema: { hide: true } }, async () => ({})));
    assert.deepEqual(missingFromSpec(routes, spec), ['GET /hidden-from-spec']);
  });

  test("has every route of the README's API table, with its auth and error answers", async () => {
    const { spec } = await appWithRoutes();
    assert.deepEqual(Object.keys(spec.components.securitySchemes).sort(), ['apiKey', 'session', 'writeKey']);
    const rows = await readmeRoutes();
    assert.ok(rows.length >= 40, `only ${rows.length} README routes parsed`);
    for (const { method, path, role } of rows) {
      const name = `${method} ${path}`;
      const op = spec.paths[path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()];
      assert.ok(op, `${name} is in the README but not in the document`);
      const codes = Object.keys(op.responses ?? {});
      const schemes = (op.security as Array<Record<string, unknown>>).flatMap((s) => Object.keys(s));
      if (role === 'none' || role === 'link') assert.deepEqual(schemes, [], `${name} is public`);
      else if (role === 'write key') {
        assert.deepEqual(schemes, ['writeKey'], name);
        assert.ok(codes.includes('401'), `${name} documents 401`);
      } else {
        assert.deepEqual(schemes, ['apiKey', 'session'], `${name} takes a key or the session cookie`);
        assert.ok(codes.includes('401') && codes.includes('403'), `${name} documents 401 and 403: ${codes}`);
      }
      if (op.parameters?.length || op.requestBody) assert.ok(codes.includes('400'), `${name} documents 400: ${codes}`);
    }
    // The error bodies are described, not just numbered.
    const bad = spec.paths['/alerts/{id}/snooze']!.post.responses;
    assert.deepEqual(Object.keys(bad['400'].content['application/json'].schema.properties).sort(), ['error', 'issues']);
    assert.ok(bad['404'] && bad['409'], 'an alert action documents 404 and 409');
    assert.ok(spec.paths['/alerts/{id}']!.get.responses['200'].content['application/json'].schema.properties.timeline, 'answers are described');
  });

  test('/docs serves Swagger UI and its assets from this server, without a key', async () => {
    const { app } = await appWithRoutes();
    const page = await app.inject({ method: 'GET', url: `${DOCS_PREFIX}/` });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /swagger/i);
    const assets = [...page.body.matchAll(/(?:src|href)="\.?\/?([^":]+\.(?:js|css))"/g)].map((m) => m[1]!);
    assert.ok(assets.length > 0, 'the page loads its scripts from here');
    for (const asset of assets) {
      const res = await app.inject({ method: 'GET', url: `${DOCS_PREFIX}/${asset.replace(/^\/?docs\//, '')}` });
      assert.equal(res.statusCode, 200, asset);
    }
  });
});
