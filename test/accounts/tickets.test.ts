// Support-ticket history is loadable: POST /tickets and PATCH /tickets/:id take backdated openedAt /
// closedAt, refuse impossible ones naming the field (and write nothing), and the ticketOpen rule leaf
// reads them as of each day (open on the days between, not before or after).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, daysAgo, startUsageApi, type UsageApi } from '../support/usageApi.js';
import { apiClient } from '../support/http.js';
import { evaluateRules } from '../../services/evaluation/ruleEvaluation.js';
import { testRule } from '../support/rules.js';

let api: UsageApi;
const call = apiClient(() => api.baseUrl, ADMIN_KEY);

before(async () => {
  api = await startUsageApi();
  assert.equal((await call('PUT', '/accounts/help-co', { name: 'Help Co' })).status, 200);
});
after(() => api?.close());

const at = (n: number, time = '10:00:00') => `${daysAgo(n)}T${time}.000Z`;
const ticketRule = testRule('ticket_open', { kind: 'ticketOpen', priorities: ['high'], days: 0 });
const openOn = async (n: number) => (await evaluateRules(api.database.db, [ticketRule], { asOf: daysAgo(n), accounts: ['help-co'] })).length === 1;

describe('backdated tickets', () => {
  test('POST with openedAt and closedAt records a closed ticket the rules see open on the days between', async () => {
    const res = await call('POST', '/tickets', { id: 'H-1', accountId: 'help-co', priority: 'high', openedAt: at(10), closedAt: at(3, '16:00:00') });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.status, res.body.openedAt, res.body.closedAt], ['closed', at(10), at(3, '16:00:00')]);
    assert.deepEqual([await openOn(11), await openOn(10), await openOn(4), await openOn(3), await openOn(2)], [false, true, true, false, false]);
  });

  test('PATCH with closedAt closes an open ticket at that time; status open reopens it', async () => {
    const opened = await call('POST', '/tickets', { id: 'H-2', accountId: 'help-co', priority: 'normal', openedAt: at(20) });
    assert.deepEqual([opened.status, opened.body.status, opened.body.closedAt], [201, 'open', null]);
    const closed = await call('PATCH', '/tickets/H-2', { closedAt: at(15) });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.deepEqual([closed.body.status, closed.body.closedAt], ['closed', at(15)]);
    const moved = await call('PATCH', '/tickets/H-2', { openedAt: at(25) });
    assert.deepEqual([moved.body.status, moved.body.openedAt, moved.body.closedAt], ['closed', at(25), at(15)]);
    const reopened = await call('PATCH', '/tickets/H-2', { status: 'open' });
    assert.deepEqual([reopened.body.status, reopened.body.closedAt], ['open', null]);
  });

  test('impossible times get a 400 naming the field and change nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ id: 'H-3', accountId: 'help-co', priority: 'high', openedAt: at(2), closedAt: at(5) }, 'closedAt'],
      [{ id: 'H-3', accountId: 'help-co', priority: 'high', openedAt: at(-2) }, 'openedAt'],
      [{ id: 'H-3', accountId: 'help-co', priority: 'high', status: 'open', closedAt: at(1) }, 'closedAt'],
      [{ id: 'H-3', accountId: 'help-co', priority: 'high', openedAt: 'last tuesday' }, 'openedAt'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/tickets', body);
      assert.deepEqual([res.status, res.body.issues?.map((i: any) => i.path)], [400, [field]], JSON.stringify(body));
    }
    assert.equal(await api.database.db('support_tickets').where({ id: 'H-3' }).first(), undefined);

    // H-1 was opened 10 days ago: closing it before that, or opening it after its close, is refused.
    const early = await call('PATCH', '/tickets/H-1', { closedAt: at(12) });
    assert.deepEqual([early.status, early.body.issues], [400, [{ path: 'closedAt', message: 'must not be before openedAt' }]]);
    const late = await call('PATCH', '/tickets/H-1', { openedAt: at(1) });
    assert.deepEqual([late.status, late.body.issues], [400, [{ path: 'openedAt', message: 'must not be after closedAt' }]]);
    const row = await api.database.db('support_tickets').where({ id: 'H-1' }).first();
    assert.deepEqual([row.opened_at.toISOString(), row.closed_at.toISOString()], [at(10), at(3, '16:00:00')]);
  });
});
