// `npm start`: the whole stack in one process for local use — Temporal dev server (unless
// TEMPORAL_ADDRESS points at one), migrations, the worker and the API, from the composition root.
import { loadConfigOrExit } from '../runtime/config.js';
import { ensureDatabase, migrate } from '../runtime/db.js';
import { composeFromConfig } from '../runtime/composition.js';
import { startDevServer, type DevServer } from './devServer.js';
import { workerFromConfig } from '../runtime/worker.js';
import { startEventRuleDrain } from '../runtime/eventRuleDrain.js';
import { buildApi } from '../api/server.js';
import { utcDay } from '../domain/shared/day.js';
import { seedDemoIfEmpty } from './simulation/demoLoader.js';
import { createSimulation } from './simulation/simulator.js';
import { buildWeb } from './webBuild.js';
import { checkParts, startOrExit } from '../runtime/startup.js';

const config = loadConfigOrExit();
const ownTemporal = !process.env.TEMPORAL_ADDRESS;
// Before the web build: an unreachable database or Temporal is one line at once, not after a minute.
await startOrExit(() => checkParts(config, { databaseServer: true, temporal: !ownTemporal }));
// The web app is built before anything starts, so the printed URL works at once.
await buildWeb({ log: (m) => console.log(m) });

await ensureDatabase(config.DATABASE_URL);
let devServer: DevServer | null = null;
let address = config.TEMPORAL_ADDRESS;
if (ownTemporal) {
  devServer = await startDevServer({ port: 7233, uiPort: 8233, dbFile: '.data/temporal.sqlite' });
  address = devServer.address;
}
const app = await composeFromConfig(config, { temporalAddress: address });
await migrate(app.db);
await app.services.apiKeys.ensureAdminKey(config.ADMIN_API_KEY);
await app.services.installDefaultPack('system:default-pack');
if (process.env.DEMO_DATA !== '0') {
  const demo = await seedDemoIfEmpty(app.db, () => createSimulation({ accounts: 25, days: 180, seed: 42, endDay: utcDay(Date.now()) }));
  if (demo) console.log(`Loaded demo data: ${demo.accounts} simulated accounts, ${demo.events} events (DEMO_DATA=0 to skip)`);
}

const worker = await workerFromConfig(app);
const workerRun = worker.run();
const drain = startEventRuleDrain(app.services.eventRules, app.log);

const api = await buildApi(app, { logger: true });
await api.listen({ port: config.PORT, host: config.HOST });

console.log(`
Usage Alerts is running
  Web app      ${config.PUBLIC_URL}/app/   (sign in with a team member's email; the link is in the outbox: GET /notifications)
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
  await drain.stop();
  await app.close();
  await devServer?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
