// The HTTP edge on its own database with no Temporal behind it (a request that reached Temporal would
// fail): for tests of what the API answers before any workflow is involved. With an admin key, a CSM
// (`csm`) and an account (`acme`) they own.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiOptions } from '../../api/server.js';
import { compose, type Composition, type CompositionDeps } from '../../runtime/composition.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface EdgeApi {
  database: TestDatabase;
  app: Composition;
  api: FastifyInstance;
  close(): Promise<void>;
}

export async function startEdgeApi(adminKey: string, opts: { deps?: Partial<CompositionDeps>; api?: ApiOptions } = {}): Promise<EdgeApi> {
  const database = await createTestDatabase();
  // Nothing listens on port 1.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = compose({ db: database.db, temporal, taskQueue: 'edge', actionSecret: 'edge-action-secret-0123456789', ...opts.deps });
  await app.services.apiKeys.ensureAdminKey(adminKey);
  await app.services.directory.putTeamMember('csm', { name: 'Cleo', email: 'cleo@vendor.test', role: 'csm', managerId: null });
  await app.services.directory.putAccount('acme', { name: 'Acme', ownerId: 'csm', seatLimit: 10 });
  const api = await buildApi(app, opts.api);
  return {
    database,
    app,
    api,
    async close() {
      await api.close();
      await database.drop();
    },
  };
}
