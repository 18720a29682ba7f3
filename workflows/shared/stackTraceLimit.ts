// Loaded once into the worker's workflow context, before any workflow runs (the bundle's
// `preloadModules`, runtime/worker.ts): how many stack frames an Error made in workflow code captures.
//
// Why: the SDK's worker keeps a stack trace for every promise workflow code creates (for the
// `__stack_trace` query), by making an Error of the workflow context in a promise hook and
// source-mapping each of its frames. That is paid for every `await`, handler and `then` of every
// workflow: with V8's default of 10 frames, a third of the CPU of a new alert's workflow code
// (replayed: 7.2 ms, 5.9 with this limit, 4.9 with none; bench/workflowCpu.ts and bench/README.md,
// "Workflow stacks cut to one frame"). The hook makes its Error with this context's `Error`, so
// this limit bounds it; SDK 1.24 has no option for it (temporalio/sdk-typescript#1587).
//
// 3 keeps one frame of workflow code per promise (the hook's own two frames come first): the
// `__stack_trace` query still names the line each pending promise was made at (an alert waiting on
// its SLA clock: alertLifecycle.ts at its `condition`), without the SDK frames beneath it. An error
// thrown in workflow code keeps its top three frames. 0 would save 1 ms more per new alert (in
// replay) and leave both empty.
//
// The workflow context's globals are frozen after the preload, so workflow code cannot change it.
Error.stackTraceLimit = 3;

export {};
