// Production worker process: registers the search attributes and the daily evaluation schedule if
// missing, then runs until signalled.
import { NativeConnection } from '@temporalio/worker';
import { loadConfigOrExit } from './config.js';
import { createDb } from './db.js';
import { connectClient, ensureSearchAttributes } from './temporal.js';
import { createWorker, mailerFromConfig } from './worker.js';
import { ensureEvaluationSchedule } from './schedules.js';

const config = loadConfigOrExit();
const db = createDb(config.DATABASE_URL);
const { client, connection } = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
await ensureEvaluationSchedule(client, config.TASK_QUEUE, config.EVALUATION_CRON);
const worker = await createWorker({
  connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
  client,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TASK_QUEUE,
  db,
  mailer: mailerFromConfig(config),
  publicUrl: config.PUBLIC_URL,
  actionSecret: config.ACTION_SECRET,
  actionLinkTtl: config.ACTION_LINK_TTL,
});
// Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
await worker.run();
await connection.close();
await db.destroy();
