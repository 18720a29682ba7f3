// The intake's fast path for plain track calls (domain/usage/segment.ts plainTrack) must answer
// exactly what the zod schema answers, or step aside: whenever it takes a message, the schema takes
// it too and parses it to the same value. Checked on messages generated from the schema's own JSON
// Schema (valid, and with each mutation the fuzz test makes), on the simulator's events, and on
// edge cases of every field. It must also take the messages the intake really gets, or it is no
// fast path at all.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { z } from 'zod';
import { messageSchema, parseMessage, plainTrack, trackSchema } from '../../domain/usage/segment.js';
import { createSimulation } from '../../dev/simulation/simulator.js';
import { mutated, SCHEMA_KINDS, UNIVERSAL_KINDS, valid, type JsonSchema } from '../support/schemaArbitraries.js';

const trackJsonSchema = z.toJSONSchema(trackSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Whether the fast path agrees with the schema on `m`; answers whether it took the message. */
function agrees(m: Record<string, unknown>): boolean {
  const fast = plainTrack(m);
  if (fast === null) return false;
  const schema = messageSchema.safeParse(m);
  const shown = JSON.stringify(m).slice(0, 400);
  assert.ok(schema.success, `the fast path took a message the schema refuses (${String(JSON.stringify(schema.error?.issues)).slice(0, 300)}): ${shown}`);
  assert.deepStrictEqual(fast, schema.data, `the fast path parsed ${shown} differently from the schema`);
  return true;
}

describe('the track fast path', () => {
  test('agrees with the schema on valid messages generated from its JSON Schema', () => {
    let taken = 0;
    fc.assert(fc.property(valid(trackJsonSchema), fc.constantFrom('u1', 7, undefined), (m, user) => {
      const message = { ...(m as Record<string, unknown>), ...(user === undefined ? {} : { userId: user }) };
      if (agrees(message)) taken++;
    }), { numRuns: 3000 });
    assert.ok(taken > 1000, `the fast path took only ${taken} of 3,000 generated messages`);
  });

  test('agrees with the schema on every kind of mutated message', () => {
    // Each kind that fits somewhere in a track message equally often (a bad enum fits nowhere).
    const kinds = new Set<string>();
    fc.assert(fc.property(mutated(trackJsonSchema, [...UNIVERSAL_KINDS, ...SCHEMA_KINDS]), ({ value, mutation }) => {
      kinds.add(mutation.kind);
      if (value && typeof value === 'object' && !Array.isArray(value)) agrees(value as Record<string, unknown>);
    }), { numRuns: 4000 });
    assert.ok(kinds.size >= 7, `only these mutations were made: ${[...kinds].join(', ')}`);
  });

  test('takes every simulated event, as the schema parses it', () => {
    const sim = createSimulation({ accounts: 20, days: 10, seed: 3, endDay: '2026-11-30' });
    let n = 0;
    for (const acc of sim.accounts) {
      for (let day = 0; day < 10; day++) {
        for (const e of sim.eventsFor(acc, day) as Array<Record<string, unknown>>) {
          assert.ok(agrees({ ...e }), `the fast path did not take ${JSON.stringify(e)}`);
          n++;
        }
      }
    }
    assert.ok(n > 1000, `only ${n} simulated events`);
  });

  test('agrees with the schema on the edge cases of each field', () => {
    const base = { type: 'track', messageId: 'm-1', userId: 'u-1', event: 'Report Exported', timestamp: '2026-11-30T12:00:00.000Z', context: { groupId: 'acme' }, properties: { feature: 'reports' } };
    const long = (n: number) => 'a'.repeat(n);
    const texts = ['', 'a', long(200), long(201), 'a\u0000b', 'tab\there', 'line\nbreak', 'del\u007f', '\uD800', 'x\uDC00', '😀', 'é', ' '];
    const numbers = [0, -0, -1, 1.5, 1440, 1440.5, 1441, 2 ** 53 - 1, 2 ** 53, 1e21, Infinity, -Infinity, NaN];
    const others = [null, true, false, {}, [], ['a'], { a: 1 }, undefined];
    const times = ['2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2026-11-30T12:00:00+01:00', '2026-11-30T12:00:00.123456+05:30', '2026-11-30T12:00Z', '2026-11-30T24:00:00Z',
      '2026-11-30T12:00:00', '2026-11-30 12:00:00Z', '1899-12-31T23:59:59Z', '1900-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2026-11-30T12:00:00+24:00', '2026-13-01T00:00:00Z'];
    const cases: Array<Record<string, unknown>> = [base];
    const each = [...texts, ...numbers, ...others];
    for (const key of ['messageId', 'userId', 'anonymousId', 'event', 'timestamp', 'originalTimestamp', 'context', 'properties', 'type']) {
      for (const v of [...each, ...(key.toLowerCase().includes('timestamp') ? times : [])]) cases.push({ ...base, [key]: v });
      const { [key]: _gone, ...without } = base as Record<string, unknown>;
      cases.push(without);
    }
    for (const v of [...each, 'acme:eu@1_2.x-y', 'acme corp', long(200), long(201)]) cases.push({ ...base, context: { groupId: v, other: { deep: [1] } } });
    for (const key of ['session_minutes', 'feature', 'power', 'core', 'count', 'storage_used', 'arr', 'other']) {
      for (const v of each) cases.push({ ...base, properties: { [key]: v, extra: 'kept' } });
    }
    // No user at all; only an anonymous one; both as numbers.
    cases.push({ ...base, userId: undefined }, { type: 'track', event: 'x', anonymousId: 'a' }, { type: 'track', event: 'x', userId: 5, anonymousId: 6 });
    // Outcome events check their own properties (the fast path leaves them to the schema).
    for (const event of ['Account Churned', 'Subscription Upgraded']) cases.push({ ...base, event, properties: { arr: 100 } }, { ...base, event, properties: { arr: 'x' } });
    // An own __proto__ key (JSON.parse makes one), in the properties and in the context.
    cases.push({ ...base, properties: JSON.parse('{"__proto__":{"feature":"x"},"a":1}') }, { ...base, context: JSON.parse('{"__proto__":{"groupId":"x"},"groupId":"acme"}') });
    // Keys the schema does not know are dropped at the top and kept inside properties and context.
    cases.push({ ...base, integrations: { All: true }, sentAt: 'whenever', channel: 'server' });
    let taken = 0;
    for (const c of cases) if (agrees(c)) taken++;
    assert.ok(taken > 50, `the fast path took only ${taken} of ${cases.length} edge cases`);
    // A bulk row's message has keys present with undefined values.
    assert.ok(agrees({ type: 'track', messageId: 'm', timestamp: base.timestamp, event: 'x', userId: 'u', anonymousId: undefined, properties: undefined }), 'a bulk row without an anonymous id or properties took the schema path');
  });

  test('a refused message is named by the schema, with or without the fast path', () => {
    const parsed = parseMessage({ type: 'track', userId: 'u', event: 'x', properties: { count: -1 } });
    assert.ok(!parsed.ok && parsed.issues.some((i) => i.field === 'properties.count'), `a negative count was not refused naming properties.count: ${JSON.stringify(parsed)}`);
    const page = parseMessage({ userId: 'u', name: 'Home', properties: { session_minutes: 5 } }, 'page');
    assert.ok(page.ok && page.message.type === 'track' && page.message.event === 'Page Viewed', `a page call was not stored as a Page Viewed track: ${JSON.stringify(page)}`);
  });
});
