// `npm start`: the whole stack in one process for local use — Temporal dev server (unless
// TEMPORAL_ADDRESS points at one), migrations, the worker and the API.
import { loadConfigOrExit } from '../runtime/config.js';
import { createDb, ensureDatabase, migrate } from '../runtime/db.js';
import { startDevServer, type DevServer } from './devServer.js';
import { connectClient } from '../runtime/temporal.js';
import { workerFromConfig } from '../runtime/worker.js';
import { buildApi } from '../api/server.js';
import { createApiKeyService } from '../services/access/apiKeys.js';
import { installDefaultPack } from '../services/rules/rules.js';
import { utcDay } from '../domain/shared/day.js';
import { seedDemoIfEmpty } from './simulation/demoLoader.js';
import { createSimulation } from './simulation/simulator.js';

const config = loadConfigOrExit();
const ownTemporal = !process.env.TEMPORAL_ADDRESS;

await ensureDatabase(config.DATABASE_URL);
const db = createDb(config.DATABASE_URL);
await migrate(db);
await createApiKeyService(db).ensureAdminKey(config.ADMIN_API_KEY);
await installDefaultPack(db, 'system:default-pack');
if (process.env.DEMO_DATA !== '0') {
  const demo = await seedDemoIfEmpty(db, () => createSimulation({ accounts: 25, days: 60, seed: 42, endDay: utcDay(Date.now()) }));
  if (demo) console.log(`Loaded demo data: ${demo.accounts} simulated accounts, ${demo.events} events (DEMO_DATA=0 to skip)`);
}

let devServer: DevServer | null = null;
let address = config.TEMPORAL_ADDRESS;
if (ownTemporal) {
  devServer = await startDevServer({ port: 7233, uiPort: 8233, dbFile: '.data/temporal.sqlite' });
  address = devServer.address;
}
const { client: temporal, connection } = await connectClient(address, config.TEMPORAL_NAMESPACE);
const worker = await workerFromConfig(config, { address, client: temporal, connection }, db);
const workerRun = worker.run();

const api = await buildApi({ db, temporal, taskQueue: config.TASK_QUEUE, actionSecret: config.ACTION_SECRET, ingestWriteKey: config.INGEST_WRITE_KEY, slackSigningSecret: config.SLACK_SIGNING_SECRET, effectiveness: { minClosed: config.EFFECTIVENESS_MIN_CLOSED }, logger: true });
await api.listen({ port: config.PORT, host: config.HOST });

console.log(`
Usage Alerts is running
  API          ${config.PUBLIC_URL}   (Authorization: Bearer $ADMIN_API_KEY)
  Tracking     ${config.PUBLIC_URL}/v1/batch   ${config.INGEST_WRITE_KEY ? `(Segment write key: INGEST_WRITE_KEY; e.g. new Analytics({ writeKey: process.env.INGEST_WRITE_KEY, host: '${config.PUBLIC_URL}' }))` : '(POST /sources for a write key)'}
  Temporal UI  ${devServer ? devServer.uiUrl : '(your Temporal cluster\'s UI)'}   Temporal at ${address}
  Email        ${config.SENDGRID_API_KEY ? `SendGrid${config.SENDGRID_BASE_URL ? ` at ${config.SENDGRID_BASE_URL}` : ''}` : 'no SENDGRID_API_KEY: mail is kept in the outbox, GET /notifications'}
Press Ctrl-C to stop.`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await api.close();
  // Worker.run() starts its own shutdown on SIGINT/SIGTERM; a second shutdown() would throw.
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await workerRun.catch(() => undefined);
  await db.destroy();
  await devServer?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
