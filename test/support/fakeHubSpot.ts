// A local server speaking the part of HubSpot's CRM v3 contract the app uses (bearer token, JSON,
// HubSpot's error body {status, message, category}), so the real @hubspot/api-client is exercised:
// company search, owners by email, task create, update (PATCH), search and batch read. `failAfterCreate` stores a
// task and then answers 502, as a timeout after HubSpot did the work would look to the client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubSpotTask {
  id: string;
  properties: Record<string, string>;
  associations: Array<{ to: { id: string }; types: Array<{ associationCategory: string; associationTypeId: number }> }>;
}

export interface FakeHubSpot {
  baseUrl: string;
  token: string;
  companies: Map<string, string>; // id → name
  owners: Map<string, string>; // email → owner id
  tasks: HubSpotTask[];
  requests: Array<{ method: string; path: string }>;
  /** The next n task creates store the task, then answer 502. */
  failAfterCreate(n: number): void;
  /** The next n requests answer 429 with Retry-After: 1. */
  rateLimitNext(n: number): void;
  close(): Promise<void>;
}

export async function startFakeHubSpot(token = 'pat-test-token'): Promise<FakeHubSpot> {
  const companies = new Map<string, string>();
  const owners = new Map<string, string>();
  const tasks: HubSpotTask[] = [];
  const requests: FakeHubSpot['requests'] = [];
  let failCreates = 0;
  let limited = 0;
  let seq = 1000;
  const now = () => new Date().toISOString();
  const object = (id: string, properties: Record<string, string>) => ({ id, properties, createdAt: now(), updatedAt: now(), archived: false });
  const matches = (filters: Array<{ propertyName: string; operator: string; value: string }>, props: Record<string, string>) =>
    filters.every((f) => (f.operator === 'EQ' ? props[f.propertyName] === f.value : f.operator === 'CONTAINS_TOKEN' ? (props[f.propertyName] ?? '').includes(f.value) : false));

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const reply = (code: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const error = (code: number, message: string, category: string) => reply(code, { status: 'error', message, correlationId: 'fake', category });
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ method: req.method ?? '', path: url.pathname });
      if (req.headers.authorization !== `Bearer ${token}`) return error(401, 'Authentication credentials not found.', 'INVALID_AUTHENTICATION');
      if (limited > 0) {
        limited--;
        return error(429, 'You have reached your secondly limit.', 'RATE_LIMITS');
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /crm/v3/objects/companies/search') {
        const filters = body.filterGroups?.[0]?.filters ?? [];
        const results = [...companies].filter(([, name]) => matches(filters, { name })).map(([id, name]) => object(id, { name }));
        return reply(200, { total: results.length, results });
      }
      if (route === 'GET /crm/v3/owners/' || route === 'GET /crm/v3/owners') {
        const email = url.searchParams.get('email');
        const results = [...owners].filter(([e]) => !email || e === email).map(([e, id]) => ({ id, email: e, firstName: '', lastName: '', userId: 1, createdAt: now(), updatedAt: now(), archived: false }));
        return reply(200, { results });
      }
      if (route === 'POST /crm/v3/objects/tasks') {
        const props = body.properties ?? {};
        if (!props.hs_timestamp) return error(400, 'Property values were not valid: hs_timestamp is required', 'VALIDATION_ERROR');
        for (const a of body.associations ?? []) {
          if (!companies.has(a.to.id)) return error(400, `Association target ${a.to.id} does not exist`, 'VALIDATION_ERROR');
        }
        const task = { id: String(++seq), properties: { hs_task_status: 'NOT_STARTED', ...props }, associations: body.associations ?? [] };
        tasks.push(task);
        if (failCreates > 0) {
          failCreates--;
          return error(502, 'Bad gateway', 'UNKNOWN');
        }
        return reply(201, object(task.id, task.properties));
      }
      if (route === 'POST /crm/v3/objects/tasks/search') {
        const filters = body.filterGroups?.[0]?.filters ?? [];
        const results = tasks.filter((t) => matches(filters, t.properties)).map((t) => object(t.id, t.properties));
        return reply(200, { total: results.length, results });
      }
      const taskPath = /^\/crm\/v3\/objects\/tasks\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && taskPath) {
        const task = tasks.find((t) => t.id === taskPath[1]);
        if (!task) return error(404, `Object not found. objectId are usually numeric.`, 'OBJECT_NOT_FOUND');
        Object.assign(task.properties, body.properties ?? {});
        return reply(200, object(task.id, task.properties));
      }
      if (route === 'POST /crm/v3/objects/tasks/batch/read') {
        const ids = new Set((body.inputs ?? []).map((i: { id: string }) => i.id));
        const results = tasks.filter((t) => ids.has(t.id)).map((t) => object(t.id, t.properties));
        return reply(200, { status: 'COMPLETE', results, startedAt: now(), completedAt: now() });
      }
      return error(404, `no route ${route}`, 'OBJECT_NOT_FOUND');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token,
    companies,
    owners,
    tasks,
    requests,
    failAfterCreate: (n) => void (failCreates = n),
    rateLimitNext: (n) => void (limited = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
