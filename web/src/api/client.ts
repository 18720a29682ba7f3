// The typed API client (openapi-fetch over the generated OpenAPI types). Requests ride on the
// session cookie; state-changing ones carry the session's CSRF token; a 401 means the session is
// gone, and the app goes back to sign-in.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
export type Me = Json<'/auth/me', 'get'>;
export type Inbox = Json<'/inbox', 'get'>;
export type InboxItem = Inbox['items'][number];
export type AlertDetail = Json<'/alerts/{id}', 'get'>;
export type AlertListItem = Json<'/alerts', 'get'>['items'][number];
export type AccountDetail = Json<'/accounts/{id}', 'get'>;
export type Team = Json<'/team', 'get'>;
export type VolumeReport = Json<'/reports/volume', 'get'>;
export type ResponseReport = Json<'/reports/response', 'get'>;
export type EffectivenessReport = Json<'/reports/effectiveness', 'get'>;
export type PortfolioReport = Json<'/reports/portfolio', 'get'>;
export type RuleEffectiveness = Json<'/reports/rule-effectiveness', 'get'>['items'][number];
export type Rule = Json<'/rules/{key}', 'get'>;
export type RuleVersions = Json<'/rules/{key}/versions', 'get'>;
export type ShadowReport = Json<'/rules/{key}/shadow-report', 'get'>;
export type Backtest = Json<'/backtests/{id}', 'get'>;
export type BacktestListItem = Json<'/rules/{key}/backtests', 'get'>['items'][number];

let csrfToken: string | null = null;
let onSignedOut: () => void = () => {};
export function setSession(token: string | null, signedOut: () => void) {
  csrfToken = token;
  onSignedOut = signedOut;
}

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !['GET', 'HEAD'].includes(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/auth/me')) onSignedOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);

/** Every item of a cursor-paged list the app shows whole (rules, windows, webhooks, team members):
 * asks for the largest page, then follows nextAfter / nextBefore to the last page, so a list that
 * outgrows one page is still shown in full. `page` fetches the page after `cursor` (none: the first). */
export async function everyPage<T, C extends string | number>(
  page: (cursor: C | undefined) => Promise<{ data?: { items: T[]; nextAfter?: C | null; nextBefore?: C | null } }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: C | undefined;
  // Bounded: a server that kept answering the same cursor would otherwise loop forever.
  for (let pages = 0; pages < 100; pages++) {
    const { data } = await page(cursor);
    if (!data) break;
    items.push(...data.items);
    const next = data.nextAfter ?? data.nextBefore ?? null;
    if (next === null) break;
    cursor = next;
  }
  return items;
}

/** A refusal's issues, each naming its field (`condition.all.1.value`, `reason`, `query.to`). */
export function issuesOf(error: unknown): Array<{ path: string; message: string }> {
  const e = error as { message?: string; issues?: Array<{ path: string; message: string }> } | undefined;
  return e?.issues ?? [{ path: '(body)', message: e?.message ?? 'the request failed' }];
}

/** The error message of a refused request, for the form that made it. */
export function problem(error: unknown): string {
  const e = error as { message?: string; issues?: Array<{ path: string; message: string }> } | undefined;
  if (e?.issues) return e.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return e?.message ?? 'the request failed';
}
