// Readiness: whether the parts the API needs answer, each within a short deadline, so a load
// balancer (or an operator) can tell "up but cannot work" from "up". Liveness is /healthz.
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';

const DEADLINE_MS = 2_000;

export type Check = 'ok' | { error: string };

async function within(what: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([what(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS)))]);
    return 'ok';
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(deps: { db: Db; temporal: Client }): Promise<{ ready: boolean; postgres: Check; temporal: Check }> {
  const [postgres, temporal] = await Promise.all([
    within(() => deps.db.raw('select 1')),
    within(() => deps.temporal.withDeadline(Date.now() + DEADLINE_MS, () => deps.temporal.workflowService.getSystemInfo({}))),
  ]);
  return { ready: postgres === 'ok' && temporal === 'ok', postgres, temporal };
}
