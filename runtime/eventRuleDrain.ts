// The worker's side of the real-time event rules' hand-off: every few seconds, matches what is left
// in event_rule_queue (events whose API process died between its commit and its own drain, or whose
// drain failed) and fires their alerts. Runs beside the Temporal worker in the worker process.
import type { Client } from '@temporalio/client';
import type { Db } from './db.js';
import { createAlertService } from '../services/alerts/alerts.js';
import { createEventRuleService, type EventRuleService } from '../services/evaluation/eventRules.js';

export interface EventRuleDrain {
  stop(): Promise<void>;
}

export function startEventRuleDrain(eventRules: EventRuleService, everyMs = 2_000): EventRuleDrain {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        while (!stopped && (await eventRules.drain()) > 0);
      } catch (err) {
        console.error('event rule queue: drain failed, retrying', err);
      }
      if (!stopped) timer = setTimeout(tick, everyMs);
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The drain of a worker process, from its database and Temporal client. */
export function eventRuleDrainFor(deps: { db: Db; client: Client; taskQueue: string }, everyMs?: number): EventRuleDrain {
  const alerts = createAlertService({ db: deps.db, temporal: deps.client, taskQueue: deps.taskQueue });
  return startEventRuleDrain(createEventRuleService({ db: deps.db, alerts }), everyMs);
}
