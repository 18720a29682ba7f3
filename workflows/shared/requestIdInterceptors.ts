// Carries the request id (the API's X-Request-Id) through a workflow: read from the header of the
// start, Update or Signal that brought it, added to the header of every activity the workflow then
// schedules, and to the workflow's own log lines as `reqId`. A workflow lives across many requests:
// it carries the id of the latest one it received (the fire that started it, then an acknowledgement),
// so the activities an Update's handler schedules carry that Update's id. No I/O, deterministic.
import { defaultPayloadConverter, type Headers, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from '../../domain/shared/requestId.js';

function read(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  let reqId: string | undefined;
  const seen = (headers: Headers) => {
    reqId = read(headers) ?? reqId;
  };
  const withId = (headers: Headers): Headers => (reqId === undefined ? headers : { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(reqId) });
  return {
    inbound: [
      {
        execute: (input, next) => (seen(input.headers), next(input)),
        handleUpdate: (input, next) => (seen(input.headers), next(input)),
        handleSignal: (input, next) => (seen(input.headers), next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: withId(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: withId(input.headers) }),
        startChildWorkflowExecution: (input, next) => next({ ...input, headers: withId(input.headers) }),
        getLogAttributes: (input, next) => next(reqId === undefined ? input : { ...input, reqId }),
      },
    ],
  };
};
