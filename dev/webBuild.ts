// Builds the web app (web/ → web/dist) when its sources are newer than the build: `npm start` and
// the browser tests call it, so a fresh clone needs no separate step. Also regenerates the typed API
// client's types (web/src/api/schema.d.ts) from the running code's OpenAPI document.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import openapiTS, { astToString } from 'openapi-typescript';
import { compose } from '../runtime/composition.js';
import { buildApi } from '../api/server.js';
import { createDb } from '../runtime/db.js';
import { OPENAPI_PATH } from '../api/shared/openapi.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = join(root, 'web');
const SCHEMA_FILE = join(WEB_DIR, 'src', 'api', 'schema.d.ts');
const BUILT = join(WEB_DIR, 'dist', 'index.html');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** The OpenAPI document as TypeScript types (nothing connects: the document needs no database). */
export async function clientTypes(): Promise<string> {
  const db = createDb('postgres://unused@127.0.0.1:1/unused');
  const app = await buildApi(compose({ db, temporal: new Client(), taskQueue: 'openapi', actionSecret: 'openapi-document-only-secret' }));
  try {
    const doc = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json();
    const header = '// Generated from /openapi.json by dev/webBuild.ts (npm run build:web). Do not edit.\n';
    return header + astToString(await openapiTS(doc));
  } finally {
    await app.close();
    await db.destroy();
  }
}

export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  const sources = [join(WEB_DIR, 'src'), join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts'), join(root, 'package-lock.json')];
  return sources.some((s) => existsSync(s) && newestMtime(s) > built);
}

/** Type-checks and builds the app when stale (or always with `force`); answers whether it built.
 * `writeTypes: false` (the tests) builds against the committed client types without regenerating
 * them: a test build that rewrote them would hide stale types from test/web/clientTypes.test.ts. */
export async function buildWeb(opts: { force?: boolean; writeTypes?: boolean; log?: (m: string) => void } = {}): Promise<boolean> {
  if (!opts.force && !webBuildIsStale()) return false;
  opts.log?.('building the web app (web/ → web/dist)');
  if (opts.writeTypes !== false) {
    const types = await clientTypes();
    if (!existsSync(SCHEMA_FILE) || readFileSync(SCHEMA_FILE, 'utf8') !== types) writeFileSync(SCHEMA_FILE, types);
  }
  const bin = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);
  execFileSync(process.execPath, [bin('typescript', 'bin/tsc'), '-p', join(WEB_DIR, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [bin('vite', 'bin/vite.js'), 'build', WEB_DIR, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb({ force: true, log: console.log });
}
