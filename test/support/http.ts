// A small JSON client for API tests: one call per request, answering status and parsed body.
export type ApiCall = (method: string, path: string, body?: unknown, key?: string | null) => Promise<{ status: number; body: any }>;

export function apiClient(baseUrl: () => string, defaultKey: string): ApiCall {
  return async (method, path, body, key = defaultKey) => {
    const res = await fetch(baseUrl() + path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
}
