// The request id past the API process: the API runs each request inside `withRequestId`, the
// Temporal client's interceptor puts the current id in the header of every start, Update and Signal,
// the workflow passes it on to its activities (workflows/shared/requestIdInterceptors.ts), and the
// worker's activity interceptor makes it the `reqId` of the activity's log lines and current again
// while the activity runs (so a workflow the activity starts carries it on).
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../domain/shared/requestId.js';

const current = new AsyncLocalStorage<string>();

/** Runs `fn` with `reqId` as the current request id (callback style: Fastify's onRequest `done`). */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return current.run(reqId, fn);
}

export const currentRequestId = (): string | undefined => current.getStore();

function withHeader(headers: Headers): Headers {
  const reqId = current.getStore();
  return reqId === undefined ? headers : { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(reqId) };
}

/** For the Temporal client: every call that reaches a workflow carries the current request id. */
export function requestIdClientInterceptor(): WorkflowClientInterceptor {
  return {
    startWithDetails: (input, next) => next({ ...input, headers: withHeader(input.headers) }),
    startUpdateWithStart: (input, next) =>
      next({ ...input, workflowStartHeaders: withHeader(input.workflowStartHeaders), updateHeaders: withHeader(input.updateHeaders) }),
    startUpdate: (input, next) => next({ ...input, headers: withHeader(input.headers) }),
    signal: (input, next) => next({ ...input, headers: withHeader(input.headers) }),
    signalWithStart: (input, next) => next({ ...input, headers: withHeader(input.headers) }),
  };
}

/** For the worker: an activity's request id, from its header, in its log lines and its context. */
export const requestIdActivityInterceptors: ActivityInterceptorsFactory = () => {
  let reqId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        const payload = input.headers[REQUEST_ID_HEADER];
        const value: unknown = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
        reqId = typeof value === 'string' ? value : undefined;
        return reqId === undefined ? next(input) : current.run(reqId, () => next(input));
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(reqId === undefined ? attributes : { ...attributes, reqId }),
    },
  };
};

/** The workflow side, bundled with the workflows. */
export const workflowInterceptorModules = [fileURLToPath(new URL('../workflows/shared/requestIdInterceptors.ts', import.meta.url))];
