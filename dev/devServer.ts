// Starts the Temporal CLI dev server (SQLite file, Web UI) for local runs, with the app's search
// attributes registered, and waits until it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../domain/alerts/searchAttributes.js';
import { temporalCliPath } from './temporalBinaries.js';

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: nothing is flushed or shut down cleanly (the fault tests use it). */
  kill(): Promise<void>;
}

export async function startDevServer(opts: { port: number; uiPort: number; dbFile: string; logFile?: string }): Promise<DevServer> {
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--db-filename', opts.dbFile,
    '--log-level', 'warn',
    ...CUSTOM_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]),
  ];
  const child: ChildProcess = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  // Never leave an orphaned server holding the ports if this process dies some other way.
  process.once('exit', () => exited || child.kill('SIGTERM'));
  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000; // a cold first start (SQLite schema) can take a while
  for (;;) {
    if (exited) throw new Error(`temporal dev server exited early (is port ${opts.port} or ${opts.uiPort} taken?)`);
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.getSystemInfo({});
      await c.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`temporal dev server did not answer on ${address}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  async function end(signal: NodeJS.Signals) {
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }
  return {
    address,
    uiUrl: `http://localhost:${opts.uiPort}`,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
