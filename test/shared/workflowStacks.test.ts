// What the workflow bundle's stack limit (workflows/shared/stackTraceLimit.ts, preloaded by
// runtime/worker.ts) leaves and what it cuts, on a real alert workflow on the dev server: the SDK's
// stack trace query keeps the line of workflow code each pending promise was made at, without the
// SDK frames beneath it (the frames the worker pays for on every promise), and an error thrown in
// workflow code still says where it was thrown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { EnhancedStackTrace } from '@temporalio/workflow';
import { devServerEnv } from '../support/temporal.js';
import { alertInput, newAccount, reachStatus, startStack, type Stack } from '../support/stack.js';
import { alertWorkflowId } from '../../domain/alerts/alert.js';
import { acknowledgeUpdate } from '../../workflows/alerts/messages.js';

const LIFECYCLE = 'workflows/alerts/alertLifecycle.ts';
let env: TestWorkflowEnvironment;
let stack: Stack;

before(async () => {
  env = await devServerEnv();
  stack = await startStack(env);
});
after(async () => {
  await stack?.close();
  await env?.teardown();
});

test("a notified alert's stack trace query: one frame per pending promise, naming the lifecycle's line", async () => {
  const account = await newAccount(stack);
  const { alertId } = await stack.alerts.fire(alertInput(account));
  await reachStatus(stack, alertId, 'notified');
  const handle = env.client.workflow.getHandle(alertWorkflowId('usage_drop', account));
  const { stacks } = await handle.query<EnhancedStackTrace>('__enhanced_stack_trace');
  const frames = stacks.map((s) => s.locations.map((l) => `${l.function_name ?? '?'} (${l.file_path ?? '?'}:${l.line ?? '?'})`));
  assert.ok(frames.length > 0, 'the query still answers with the pending promises');
  assert.ok(
    frames.every((f) => f.length <= 1),
    `each promise's stack cut to its top frame (V8's default keeps up to 7 here, the SDK's beneath the lifecycle's), got ${JSON.stringify(frames)}`,
  );
  assert.ok(
    frames.some((f) => f.some((l) => l.includes(LIFECYCLE))),
    `some stack names the lifecycle's line the alert waits at, got ${JSON.stringify(frames)}`,
  );
});

test('an error thrown in workflow code keeps the frame it was thrown at', async () => {
  const account = await newAccount(stack);
  const { alertId } = await stack.alerts.fire(alertInput(account));
  await reachStatus(stack, alertId, 'notified');
  const handle = env.client.workflow.getHandle(alertWorkflowId('usage_drop', account));
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'csm' }] });
  // A second acknowledgement is refused by the Update's validator, in workflow code.
  const refused = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: 'csm' }] }).then(
    () => null,
    (err: unknown) => err,
  );
  const cause = (refused as { cause?: Error } | null)?.cause;
  assert.ok(cause, `the second acknowledgement is refused with a cause, got ${String(refused)}`);
  const at = (cause.stack ?? '').split('\n').filter((l) => /^\s*at /.test(l));
  assert.ok(at.length >= 1 && at.length <= 3, `one to three frames, got ${JSON.stringify(cause.stack)}`);
  assert.ok(at[0]!.includes(LIFECYCLE), `the top frame is the lifecycle's check, got ${JSON.stringify(cause.stack)}`);
});
