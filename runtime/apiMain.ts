// Production API process: migrations, the first admin key, then the HTTP server.
import { loadConfigOrExit } from './config.js';
import { createDb, migrate } from './db.js';
import { connectClient } from './temporal.js';
import { buildApi } from '../api/server.js';
import { createApiKeyService } from '../services/access/apiKeys.js';
import { installDefaultPack } from '../services/rules/rules.js';

const config = loadConfigOrExit();
const db = createDb(config.DATABASE_URL);
await migrate(db);
await createApiKeyService(db).ensureAdminKey(config.ADMIN_API_KEY);
await installDefaultPack(db, 'system:default-pack');
const { client } = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
const api = await buildApi({ db, temporal: client, taskQueue: config.TASK_QUEUE, actionSecret: config.ACTION_SECRET, ingestWriteKey: config.INGEST_WRITE_KEY, slackSigningSecret: config.SLACK_SIGNING_SECRET, effectiveness: { minClosed: config.EFFECTIVENESS_MIN_CLOSED }, logger: true });
await api.listen({ port: config.PORT, host: config.HOST });
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    await api.close();
    await db.destroy();
    process.exit(0);
  });
}
