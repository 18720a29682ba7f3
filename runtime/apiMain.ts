// Production API process: start-up checks (PostgreSQL and Temporal answer, or one line saying which
// does not), migrations, the first admin key, then the HTTP server, all from the composition root.
import { loadConfigOrExit } from './config.js';
import { migrate } from './db.js';
import { composeFromConfig } from './composition.js';
import { buildApi } from '../api/server.js';
import { checkParts, startOrExit } from './startup.js';

const config = loadConfigOrExit();
const app = await startOrExit(async () => {
  await checkParts(config);
  return composeFromConfig(config);
});
await migrate(app.db);
await app.services.apiKeys.ensureAdminKey(config.ADMIN_API_KEY);
await app.services.installDefaultPack('system:default-pack');
const api = await buildApi(app, { logger: true });
await api.listen({ port: config.PORT, host: config.HOST });
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    await api.close();
    await app.close();
    process.exit(0);
  });
}
