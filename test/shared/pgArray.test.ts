// The intake's array literals (runtime/pgArray.ts textArray) must be what pg's own serializer
// writes for the same values: PostgreSQL then parses them to the same arrays.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import pg from 'pg';
import { arrayLiteral, type ArrayElement } from '../../runtime/pgArray.js';

// pg's serializer, as its driver applies it to a parameter (pg.utils is untyped).
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

const element: fc.Arbitrary<ArrayElement> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'NULL', 'with "quote"', 'back\\slash', 'a\\"b', '{x,y}', ' spaced ', '😀é'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

describe('array literals', () => {
  test("are pg's own for strings, numbers, booleans and nulls", () => {
    fc.assert(fc.property(fc.array(element, { maxLength: 20 }), (values) => {
      assert.equal(arrayLiteral(values), prepareValue(values), `a literal differs from pg's for ${JSON.stringify(values)}`);
    }), { numRuns: 2000 });
  });
});
