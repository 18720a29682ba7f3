// Start-up as an operator meets it: the production entry points (and `npm start` in production
// mode) started as child processes against a PostgreSQL or Temporal that is not there, or that
// accepts connections and never answers, or with an empty secret: each stops by itself with one
// line naming the variable. And a changed EVALUATION_CRON is applied to the existing Schedule.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../support/temporal.js';
import { DAILY_EVALUATION_SCHEDULE, ensureEvaluationSchedule } from '../../runtime/schedules.js';
import { STARTUP_EXIT_CODE } from '../../runtime/startup.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Longer than any start-up check may take: past it the process is hung, and the test says so. */
const HUNG_MS = 90_000;

const held: Socket[] = [];
let silent: Server;
let closedPort: number;

before(async () => {
  // Accepts connections and never answers a byte: a wedged database or proxy.
  silent = createServer((socket) => void held.push(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  // A port nothing listens on: opened, noted, closed.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
after(() => {
  for (const s of held) s.destroy();
  silent?.close();
});

const BASE_ENV = {
  ADMIN_API_KEY: 'startup-admin-key-0123456789',
  ACTION_SECRET: 'startup-action-secret-0123456789',
  DATABASE_URL: POSTGRES,
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  STARTUP_TIMEOUT: '3s',
  PORT: '0',
};

/** Runs an entry point to its end; its stderr lines, stdout and exit code. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; lines: string[]; stdout: string }> {
  return new Promise((resolve, reject) => {
    const { PATH, HOME, TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH } = process.env;
    const child = spawn(process.execPath, args, { cwd: root, env: { PATH, HOME, TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} still running after ${HUNG_MS} ms (hung); stderr: ${stderr}`));
    }, HUNG_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      // The bootstrap's own progress lines are not the error.
      resolve({ code, lines: stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('[bootstrap]')), stdout });
    });
  });
}

const apiMain = ['--import', 'tsx', 'runtime/apiMain.ts'];
const workerMain = ['--import', 'tsx', 'runtime/workerMain.ts'];

/** Exactly one line on stderr, matching `pattern`, and the exit code. */
function oneLine(result: { code: number | null; lines: string[] }, pattern: RegExp, code: number) {
  assert.equal(result.lines.length, 1, `one line, got:\n${result.lines.join('\n')}`);
  assert.match(result.lines[0]!, pattern, 'the line names the variable and the reason');
  assert.equal(result.code, code, `exit code ${result.code}`);
}

describe('start-up errors: one line naming the variable', () => {
  test('PostgreSQL refusing connections', async () => {
    const r = await run(apiMain, { ...BASE_ENV, DATABASE_URL: `postgres://postgres:secret-pw@127.0.0.1:${closedPort}/usage_alerts` });
    oneLine(r, /^start-up error: DATABASE_URL: PostgreSQL at 127\.0\.0\.1:\d+\/usage_alerts refused: .*ECONNREFUSED/, STARTUP_EXIT_CODE);
    assert.ok(!r.lines[0]!.includes('secret-pw'), 'the password is not printed');
  });

  test('PostgreSQL accepting connections and never answering', async () => {
    const port = (silent.address() as AddressInfo).port;
    const r = await run(apiMain, { ...BASE_ENV, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/usage_alerts` });
    oneLine(r, /^start-up error: DATABASE_URL: PostgreSQL at 127\.0\.0\.1:\d+\/usage_alerts did not answer within 3 s$/, STARTUP_EXIT_CODE);
  });

  test('Temporal unreachable, from the API and from the worker', async () => {
    const env = { ...BASE_ENV, TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}` };
    oneLine(await run(apiMain, env), /^start-up error: TEMPORAL_ADDRESS: Temporal at 127\.0\.0\.1:\d+ (is unreachable: .+|did not answer within 3 s)$/, STARTUP_EXIT_CODE);
    // The worker checks before it loads its bundle (none is built here).
    oneLine(await run(workerMain, { ...env, WORKFLOW_BUNDLE: '/nonexistent/bundle.js' }), /^start-up error: TEMPORAL_ADDRESS: Temporal at 127\.0\.0\.1:\d+ /, STARTUP_EXIT_CODE);
  });

  test('Temporal accepting connections and never answering', async () => {
    const port = (silent.address() as AddressInfo).port;
    oneLine(await run(apiMain, { ...BASE_ENV, TEMPORAL_ADDRESS: `127.0.0.1:${port}` }), /^start-up error: TEMPORAL_ADDRESS: Temporal at 127\.0\.0\.1:\d+ (did not answer within 3 s|is unreachable: .+)$/, STARTUP_EXIT_CODE);
  });

  test('an empty ADMIN_API_KEY in production: the API and `npm start` both refuse it', async () => {
    oneLine(await run(apiMain, { ...BASE_ENV, NODE_ENV: 'production', ADMIN_API_KEY: '' }), /^config error: ADMIN_API_KEY is set but empty; it is required$/, 78);
    // npm start's bootstrap fills local defaults, but never in production mode.
    const r = await run(['dev/bootstrap.mjs', 'start'], { ...BASE_ENV, NODE_ENV: 'production', ADMIN_API_KEY: '' });
    oneLine(r, /^config error: ADMIN_API_KEY is set but empty; it is required$/, 78);
  });
});

describe('EVALUATION_CRON', () => {
  let env: TestWorkflowEnvironment;
  before(async () => {
    env = await devServerEnv();
  });
  after(async () => {
    await env?.teardown();
  });

  test('a changed cron is applied to the existing schedule at the next start', async () => {
    await ensureEvaluationSchedule(env.client, 'startup-test', '0 6 * * *');
    const hours = async () => (await env.client.schedule.getHandle(DAILY_EVALUATION_SCHEDULE).describe()).spec.calendars?.flatMap((c) => c.hour?.map((h) => h.start) ?? []);
    assert.deepEqual(await hours(), [6], 'created at 06:00');
    await ensureEvaluationSchedule(env.client, 'startup-test', '30 7 * * *');
    assert.deepEqual(await hours(), [7], 'moved to 07:30 by the second start');
  });
});
