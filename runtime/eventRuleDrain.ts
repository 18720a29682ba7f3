// The worker's side of the real-time event rules' hand-off: every few seconds, matches what is left
// in event_rule_queue (events whose API process died between its commit and its own drain, or whose
// drain failed) and fires their alerts. Runs beside the Temporal worker in the worker process.
import type { EventRuleService } from '../services/evaluation/eventRules.js';
import type { BackgroundLogger } from '../services/shared/logger.js';

export interface EventRuleDrain {
  stop(): Promise<void>;
}

export function startEventRuleDrain(eventRules: Pick<EventRuleService, 'drain'>, log: BackgroundLogger, everyMs = 2_000): EventRuleDrain {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        while (!stopped && (await eventRules.drain()) > 0);
      } catch (err) {
        log.error({ err }, 'event rule queue: drain failed, retrying');
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
