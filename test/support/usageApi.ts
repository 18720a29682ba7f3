// The real API on a real port for the ingestion and metrics tests. Those routes never talk to
// Temporal, so the client is a lazy one that never connects.
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../api/server.js';
import { compose } from '../../runtime/composition.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const ENV_WRITE_KEY = 'test-env-write-key-0123456789';

export interface UsageApi {
  database: TestDatabase;
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startUsageApi(): Promise<UsageApi> {
  const database = await createTestDatabase();
  const composed = compose({ db: database.db, temporal: new Client(), taskQueue: 'usage-test', actionSecret: 'test-action-secret-0123456789', ingestWriteKey: ENV_WRITE_KEY });
  await composed.services.apiKeys.ensureAdminKey(ADMIN_KEY);
  const app = await buildApi(composed, { logger: process.env.TEST_API_LOG === '1' });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    database,
    app,
    baseUrl,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const basic = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

/** Day `n` days before today, UTC, as YYYY-MM-DD. */
export function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}
