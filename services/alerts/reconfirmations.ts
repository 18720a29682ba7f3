// Reconfirming open alerts in bulk (issue 14). A match of a pair whose alert is open changes nothing
// but that alert's timeline and count: the evaluation run records it in the database, one statement
// per batch, instead of a fire Update per match (2 Temporal actions, +6 history events and a replay
// on a worker cache miss each). "Open" is what the workflow treats as open: closed_at null, one of
// OPEN_STATUSES. Only alerts whose recorded workflow run is still running are reconfirmed here; an
// open row whose workflow ended without closing it (terminated, or reset into a new run) goes to the
// workflow path, whose new alert supersedes it (alertRepository.recordFired) as it did before.
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db.js';
import { createAlertRepository, type ReconfirmRequests } from './alertRepository.js';

/** Workflow ids a visibility query can carry without escaping (alert ids are `alert/<rule>/<account>`). */
const QUOTABLE = /^[A-Za-z0-9_.:@/-]+$/;
const IDS_PER_QUERY = 100;

/** Which workflows run could not be asked (the caller then leaves every request to its workflow). */
export class VisibilityUnavailableError extends Error {
  override name = 'VisibilityUnavailableError';
}

/** The run ids of those of `workflowIds` that are running, as Temporal's visibility lists them (a
 * workflow ended seconds ago may still be listed: the next run sees it ended). Ids a query string
 * would have to escape are not asked about, so their alerts take the workflow path. */

export async function runningRunIds(temporal: Client, workflowIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(workflowIds)].filter((id) => QUOTABLE.test(id));
  const running = new Set<string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const query = `ExecutionStatus = 'Running' AND WorkflowId IN (${chunk.map((id) => `'${id}'`).join(', ')})`;
    for await (const wf of temporal.workflow.list({ query, pageSize: chunk.length })) running.add(wf.runId);
  }
  return running;
}

export function createReconfirmations({ db, temporal }: { db: Db; temporal: Client }) {
  const repo = createAlertRepository(db);
  return {
    /**
     * Answers the requests of `pairs` whose alert is open and whose workflow runs, in the database
     * (AlertRepository.reconfirmOpen), and says which it answered; the others are for the fire
     * Update (no alert, a closed one in its cooldown, an orphan). A failed visibility lookup throws:
     * the caller sends them all through their workflows instead.
     */
    async reconfirmOpen(pairs: Array<{ ruleKey: string; accountId: string }>, requests: ReconfirmRequests): Promise<Array<{ ruleKey: string; accountId: string; alertId: number }>> {
      const open = await repo.openOfPairs(pairs);
      if (open.length === 0) return [];
      const running = await runningRunIds(temporal, open.map((a) => a.workflow_id)).catch((err: unknown) => {
        throw new VisibilityUnavailableError(`Temporal's visibility did not answer: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      });
      const runIds = open.map((a) => a.workflow_run_id).filter((id) => running.has(id));
      return repo.reconfirmOpen(requests, runIds, new Date().toISOString());
    },
  };
}
