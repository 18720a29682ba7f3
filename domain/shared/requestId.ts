// The request id's journey past the API: the Temporal header that carries it from the API's client
// into a workflow, and from the workflow into the activities it schedules (pure: the workflow
// bundle, the client and the worker all import it).
export const REQUEST_ID_HEADER = 'usage-alerts-request-id';
