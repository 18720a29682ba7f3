// Operability: Prometheus metrics at /metrics (requests by route template and status, latency, the
// alerts, outbox and evaluation figures read from the database), the X-Request-Id honoured, echoed
// and in the request's log line, and the worker's Temporal Runtime logging as JSON lines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Runtime } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { installWorkerLogging } from '../../runtime/logging.js';
import type { TestDatabase } from '../support/database.js';
import { startEdgeApi, type EdgeApi } from '../support/edgeApi.js';

const ADMIN_KEY = 'metrics-admin-key-0123456789';
const WRITE_KEY = 'metrics-write-key-0123456789';
let edge: EdgeApi;
let database: TestDatabase;
let api: FastifyInstance;
const logLines: string[] = [];

/** A writable collecting JSON log lines. */
const collector = (into: string[]) => new Writable({ write: (chunk, _enc, done) => void (into.push(...String(chunk).split('\n').filter(Boolean)), done()) });

before(async () => {
  edge = await startEdgeApi(ADMIN_KEY, { api: { logger: { stream: collector(logLines) } }, deps: { ingestWriteKey: WRITE_KEY } });
  ({ database, api } = edge);
  const { db } = database;
  // The figures as the worker leaves them: three alerts (one acknowledged), a pending email, two runs.
  const alert = (n: number, status: string, acknowledged: boolean) => ({
    workflow_id: `alert/r${n}/acme`, workflow_run_id: `run-${n}`, rule_key: `r${n}`, account_id: 'acme', severity: 'high', category: 'risk',
    title: 't', evidence: {}, payload: {}, status, fired_at: new Date(), acknowledged_at: acknowledged ? new Date() : null,
  });
  const ids = await db('alerts').insert([alert(1, 'notified', false), alert(2, 'acknowledged', true), alert(3, 'notified', false)]).returning('id');
  await db('notifications').insert({ idempotency_key: 'k1', alert_id: ids[0]!.id, channel: 'email', recipient: 'cleo@vendor.test', subject: 's', body_text: 't', body_html: 'h', status: 'pending' });
  const runs = await db('evaluation_runs').insert([
    { trigger: 'api', as_of: '2026-11-30', status: 'completed', started_at: new Date('2026-12-01T06:00:00Z'), finished_at: new Date('2026-12-01T06:00:30Z') },
    { trigger: 'schedule', as_of: '2026-11-30', status: 'completed', started_at: new Date('2026-12-01T07:00:00Z'), finished_at: new Date('2026-12-01T07:00:12Z') },
  ]).returning('id');
  // Deliveries: a sent email SendGrid bounced, a failed Slack message; matches of two rules.
  const outboxRow = (key: string, channel: string, status: string, delivery: string | null) => ({
    idempotency_key: key, alert_id: ids[1]!.id, channel, recipient: 'cleo@vendor.test', subject: 's', body_text: 't', body_html: 'h', status, delivery_status: delivery,
  });
  await db('notifications').insert([outboxRow('k2', 'email', 'sent', 'bounced'), outboxRow('k3', 'slack', 'failed', null)]);
  const match = (rule: string, account: string, outcome: string | null) => ({ run_id: runs[0]!.id, rule_key: rule, account_id: account, rule_version: 1, severity: 'high', alert: {}, outcome });
  await db('evaluation_matches').insert([match('seats', 'a1', 'fired'), match('seats', 'a2', 'fired'), match('seats', 'a3', 'deduplicated'), match('usage_drop', 'a1', null)]);
});
after(async () => {
  await edge?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers } });

/** The value of one exposition line, e.g. `usage_alerts_alerts{status="notified"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  test('requests by route template and status, with latency', async () => {
    for (const id of [101, 102]) assert.equal((await get(`/alerts/${id}`)).statusCode, 404, 'no such alert');
    assert.equal((await get('/healthz')).statusCode, 200, 'healthy');
    const res = await api.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200, 'no key needed');
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/, 'the Prometheus text format');
    assert.equal(sample(res.body, 'usage_alerts_http_requests_total{method="GET",route="/alerts/:id",status="404"}'), 2, 'one series per template, not per id');
    assert.equal(sample(res.body, 'usage_alerts_http_request_duration_seconds_count{method="GET",route="/alerts/:id",status="404"}'), 2, 'both timed');
    assert.equal(sample(res.body, 'usage_alerts_http_requests_total{method="GET",route="/healthz",status="200"}'), 1, 'health counted');
    assert.ok(!res.body.includes('/alerts/101'), 'no ids in labels');
  });

  test('alerts by status, fired and acknowledged, the outbox backlog, evaluation runs', async () => {
    const { body } = await api.inject({ method: 'GET', url: '/metrics' });
    assert.equal(sample(body, 'usage_alerts_alerts{status="notified"}'), 2, 'notified');
    assert.equal(sample(body, 'usage_alerts_alerts{status="acknowledged"}'), 1, 'acknowledged');
    assert.equal(sample(body, 'usage_alerts_alerts_fired'), 3, 'fired');
    assert.equal(sample(body, 'usage_alerts_alerts_acknowledged'), 1, 'acknowledged ever');
    assert.equal(sample(body, 'usage_alerts_outbox_pending{channel="email"}'), 1, 'one email waiting');
    assert.equal(sample(body, 'usage_alerts_evaluation_runs{status="completed"}'), 2, 'two runs');
    assert.equal(sample(body, 'usage_alerts_evaluation_run_seconds{status="completed"}'), 42, '30 s and 12 s');
    assert.equal(sample(body, 'usage_alerts_evaluation_last_run_seconds'), 12, 'the later run');
    assert.equal(sample(body, 'usage_alerts_deliveries{channel="email",status="pending"}'), 1, 'deliveries by channel and result');
    assert.equal(sample(body, 'usage_alerts_deliveries{channel="email",status="sent"}'), 1, 'the sent email');
    assert.equal(sample(body, 'usage_alerts_deliveries{channel="slack",status="failed"}'), 1, 'the failed Slack message');
    assert.equal(sample(body, 'usage_alerts_email_delivery_events{status="bounced"}'), 1, "SendGrid's bounce");
    assert.equal(sample(body, 'usage_alerts_evaluation_matches{rule="seats",outcome="fired"}'), 2, 'matches per rule and outcome');
    assert.equal(sample(body, 'usage_alerts_evaluation_matches{rule="seats",outcome="deduplicated"}'), 1, 'deduplicated');
    assert.equal(sample(body, 'usage_alerts_evaluation_matches{rule="usage_drop",outcome="pending"}'), 1, 'not yet fired');
    // A status emptied since reads 0 (not its last value).
    await database.db('alerts').where({ status: 'acknowledged' }).update({ status: 'dismissed' });
    const again = (await api.inject({ method: 'GET', url: '/metrics' })).body;
    assert.equal(sample(again, 'usage_alerts_alerts{status="acknowledged"}'), undefined, 'no acknowledged alert left');
    assert.equal(sample(again, 'usage_alerts_alerts{status="dismissed"}'), 1, 'one dismissed');
  });
});

describe('/metrics: the event-rule queue', () => {
  test('events queued, retrying after a failure, and given up (dead)', async () => {
    const { db } = database;
    const event = (messageId: string) => JSON.stringify({ messageId, event: 'Pricing Viewed', accountId: 'acme' });
    await db('event_rule_queue').insert([
      { event: event('m-new') },
      { event: event('m-retrying'), attempts: 2, last_error: 'Error: x', retry_at: new Date(Date.now() + 60_000) },
      { event: event('m-dead-1'), attempts: 12, last_error: 'Error: x', dead_at: new Date() },
      { event: event('m-dead-2'), attempts: 1, last_error: 'ValidationError: y', dead_at: new Date() },
    ]);
    const { body } = await api.inject({ method: 'GET', url: '/metrics' });
    assert.equal(sample(body, 'usage_alerts_event_rule_queue{state="queued"}'), 2, 'the new and the retrying event wait');
    assert.equal(sample(body, 'usage_alerts_event_rule_queue{state="retrying"}'), 1, 'one waits after a failure');
    assert.equal(sample(body, 'usage_alerts_event_rule_queue{state="dead"}'), 2, 'two given up');
    await db('event_rule_queue').del();
    const after = (await api.inject({ method: 'GET', url: '/metrics' })).body;
    assert.equal(sample(after, 'usage_alerts_event_rule_queue{state="dead"}'), 0, 'an empty queue reads 0');
  });
});

describe('/metrics: evaluation matches', () => {
  const scrape = async () => (await api.inject({ method: 'GET', url: '/metrics' })).body;
  const series = (rule: string, outcome: string) => `usage_alerts_evaluation_matches{rule="${rule}",outcome="${outcome}"}`;

  test('counted as they are written, moved and deleted', async () => {
    const { db } = database;
    const usageDrop = db('evaluation_matches').where({ rule_key: 'usage_drop', account_id: 'a1' });
    await usageDrop.clone().update({ outcome: 'firing' });
    await usageDrop.clone().update({ outcome: 'created' });
    await db('evaluation_matches').where({ rule_key: 'seats', account_id: 'a3' }).delete();
    await db('evaluation_matches').where({ rule_key: 'seats' }).update({ suppressed: true }); // no outcome changes
    const body = await scrape();
    assert.equal(sample(body, series('usage_drop', 'created')), 1, 'the fired match');
    assert.equal(sample(body, series('usage_drop', 'pending')), undefined, 'no longer pending');
    assert.equal(sample(body, series('usage_drop', 'firing')), undefined, 'nor firing');
    assert.equal(sample(body, series('seats', 'deduplicated')), undefined, 'the deleted match');
    assert.equal(sample(body, series('seats', 'fired')), 2, 'the others unchanged');
    // Folded by the scrapes, the counters still say what grouping the matches says.
    await scrape();
    const { rows } = await db.raw(`select rule_key as rule, coalesce(outcome, 'pending') as outcome, count(*)::int as n from evaluation_matches group by 1, 2 order by 1, 2`);
    const body2 = await scrape();
    for (const r of rows) assert.equal(sample(body2, series(r.rule, r.outcome)), r.n, `${r.rule}/${r.outcome} as counted in the table`);
    await db.raw('truncate evaluation_matches');
    assert.ok(!(await scrape()).includes('usage_alerts_evaluation_matches{'), 'a truncated table counts nothing');
  });

  test('the scrape reads the counters, not the matches table', async () => {
    const { db } = database;
    // A transaction holds the matches table locked: a scrape that read it would wait.
    const trx = await db.transaction();
    let served = false;
    try {
      await trx.raw('lock table evaluation_matches in access exclusive mode');
      const blocked = (async () => {
        for (;;) {
          const { rows } = await db.raw(`select 1 from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'evaluation_matches' and not l.granted`);
          if (rows.length > 0) return 'waited for the matches table';
          if (served) return 'served';
          await new Promise((res) => setTimeout(res, 10));
        }
      })();
      const scraped = api.inject({ method: 'GET', url: '/metrics' }).then((res) => ((served = true), res.statusCode));
      assert.equal(await Promise.race([scraped.then(() => 'served'), blocked]), 'served', 'the scrape did not touch evaluation_matches');
      assert.equal(await scraped, 200, 'answered');
    } finally {
      await trx.rollback();
    }
  });
});

describe('/metrics: the tracking intake', () => {
  test('messages stored and refused are counted', async () => {
    const before = (await api.inject({ method: 'GET', url: '/metrics' })).body;
    assert.equal(sample(before, 'usage_alerts_events_ingested'), 0, 'none yet');
    const track = { type: 'track', messageId: 'm-1', userId: 'u1', event: 'Report Exported', context: { groupId: 'acme' } };
    const res = await api.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` },
      payload: { batch: [track, { ...track, messageId: 'm-2', userId: undefined }] },
    });
    assert.equal(res.statusCode, 200, res.body);
    const after = (await api.inject({ method: 'GET', url: '/metrics' })).body;
    assert.equal(sample(after, 'usage_alerts_events_ingested'), 1, 'one stored');
    assert.equal(sample(after, 'usage_alerts_events_refused'), 1, 'one refused (no user)');
  });
});

describe('request ids and JSON logs', () => {
  test('X-Request-Id is honoured, echoed and in the log line; an unsafe one is replaced', async () => {
    const res = await get('/alerts/7', { 'x-request-id': 'req-abc.123' });
    assert.equal(res.headers['x-request-id'], 'req-abc.123', 'echoed');
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.reqId === 'req-abc.123' && l.res?.statusCode === 404);
    assert.ok(line, `the request's log line carries the id: ${logLines.slice(-3).join('\n')}`);
    const odd = await get('/alerts/7', { 'x-request-id': 'x'.repeat(200) });
    assert.match(String(odd.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'a new UUID instead of 200 characters');
    const none = await get('/alerts/7');
    assert.match(String(none.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'one is made when none is sent');
  });

  test('the worker runtime logs JSON lines with the SDK attributes as fields', () => {
    const lines: string[] = [];
    installWorkerLogging('INFO', collector(lines) as never);
    Runtime.instance().logger.info('Workflow started', { workflowId: 'alert/r1/acme', taskQueue: 'q' });
    Runtime.instance().logger.debug('not at INFO');
    // pino writes synchronously to a plain stream.
    const parsed = lines.map((l) => JSON.parse(l));
    assert.equal(parsed.length, 1, `one line: ${lines.join('\n')}`);
    assert.equal(parsed[0].msg, 'Workflow started', 'the message');
    assert.equal(parsed[0].workflowId, 'alert/r1/acme', 'the workflow id as a field');
    assert.equal(parsed[0].process, 'worker', 'which process');
  });
});
