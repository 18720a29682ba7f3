// Production worker process: registers the search attributes and the daily evaluation schedule if
// missing, then runs until signalled.
import { loadConfigOrExit } from './config.js';
import { createDb } from './db.js';
import { connectClient } from './temporal.js';
import { workerFromConfig } from './worker.js';

const config = loadConfigOrExit();
const db = createDb(config.DATABASE_URL);
const { client, connection } = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const worker = await workerFromConfig(config, { address: config.TEMPORAL_ADDRESS, client, connection }, db);
// Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
await worker.run();
await connection.close();
await db.destroy();
