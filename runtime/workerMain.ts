// Production worker process: registers the search attributes and the daily evaluation schedule if
// missing, then runs the prebuilt workflow bundle (WORKFLOW_BUNDLE, default dist/workflow-bundle.js)
// until signalled.
import { loadConfigOrExit } from './config.js';
import { createDb } from './db.js';
import { connectClient } from './temporal.js';
import { workerFromConfig } from './worker.js';
import { prebuiltWorkflowBundle } from './buildWorkflowBundle.js';
import { eventRuleDrainFor } from './eventRuleDrain.js';

const config = loadConfigOrExit();
const workflowBundle = (() => {
  try {
    return prebuiltWorkflowBundle(process.env.WORKFLOW_BUNDLE || undefined);
  } catch (err) {
    console.error(`worker: ${(err as Error).message}`);
    process.exit(1);
  }
})();
const db = createDb(config.DATABASE_URL);
const { client, connection } = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const worker = await workerFromConfig(config, { address: config.TEMPORAL_ADDRESS, client, connection }, db, workflowBundle);
const drain = eventRuleDrainFor({ db, client, taskQueue: config.TASK_QUEUE });
// Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
await worker.run();
await drain.stop();
await connection.close();
await db.destroy();
