// Temporal connections and the one-time namespace set-up the app needs (its search attributes).
import { Client, Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../domain/alerts/searchAttributes.js';
import { requestIdClientInterceptor } from './requestIds.js';

const INDEXED: Record<string, number> = {
  [SearchAttributeType.KEYWORD]: proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
};

/** Registers the custom search attributes that are missing (idempotent; works on a real cluster,
 * the dev server and the time-skipping test server alike). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace }).catch(() => null);
  const known = new Set(Object.keys(existing?.customAttributes ?? {}));
  const missing = CUSTOM_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED[k.type]!])),
  });
}

export async function connectClient(address: string, namespace: string): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace, interceptors: { workflow: [requestIdClientInterceptor()] } }), connection };
}
