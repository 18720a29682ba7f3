// Production worker process: start-up checks (PostgreSQL and Temporal answer, or one line saying
// which does not), registers the search attributes and the daily evaluation schedule if
// missing, then runs the prebuilt workflow bundle (WORKFLOW_BUNDLE, default dist/workflow-bundle.js)
// until signalled.
import { loadConfigOrExit } from './config.js';
import { composeFromConfig } from './composition.js';
import { workerFromConfig } from './worker.js';
import { startEventRuleDrain } from './eventRuleDrain.js';
import { prebuiltWorkflowBundle } from './buildWorkflowBundle.js';
import { checkParts, startOrExit } from './startup.js';
import { installWorkerLogging } from './logging.js';

const config = loadConfigOrExit();
installWorkerLogging('INFO', undefined, config.TEMPORAL_METRICS_ADDRESS);
const app = await startOrExit(async () => {
  await checkParts(config);
  return composeFromConfig(config);
});
const workflowBundle = (() => {
  try {
    return prebuiltWorkflowBundle(process.env.WORKFLOW_BUNDLE || undefined);
  } catch (err) {
    console.error(`worker: ${(err as Error).message}`);
    process.exit(1);
  }
})();
const worker = await workerFromConfig(app, workflowBundle);
const drain = startEventRuleDrain(app.services.eventRules, app.log);
// Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
await worker.run();
await drain.stop();
await app.close();
