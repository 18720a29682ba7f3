// The evaluation feature's workflow messages: what a client may ask a running backtest. Shared by the
// workflow (which answers) and the service (which asks) without the service importing workflow code.
import { defineQuery } from '@temporalio/workflow';

export interface BacktestProgress {
  done: number;
  total: number;
}

/** Days replayed of all, live from the workflow. */
export const backtestProgressQuery = defineQuery<BacktestProgress>('progress');
