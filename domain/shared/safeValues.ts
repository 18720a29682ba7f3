// What PostgreSQL (and the JSON machinery in front of it) will store, as plain functions: the zod
// schemas of domain/shared/schemas.ts are built on these, and workflow code (no zod there) uses them
// to record a refused write without the values that were refused.

/** NUL and the C0 control characters other than tab, newline and carriage return, and DEL.
 * PostgreSQL refuses NUL in text and jsonb; the others are refused because they are never data. */
export const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const UNSAFE_CHARACTERS_GLOBAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A lone UTF-16 surrogate: jsonb refuses its escape. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_STRING_MESSAGE = 'must not contain NUL or control characters (other than tab and newline)';

/** Limits of the safe JSON value: nesting depth (arrays and objects), and its size as JSON text. */
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_BYTES = 256 * 1024;

/** Years a stored date may have: PostgreSQL takes far more, but year 0 is refused by `date` and a
 * date outside these is a typo or an attack, never usage data. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** PostgreSQL `integer` and `bigint` (within JavaScript's exact integers) ranges. */
export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -2_147_483_648;

/** The Temporal activity failure type of a PostgreSQL data error (activities/shared/failures.ts). */
export const DATABASE_DATA_ERROR = 'DatabaseDataError';

/** Whether `s` has a character either pattern below could match (a control character, DEL, any
 * surrogate): a plain loop, far cheaper than the two regular expressions on the short strings of a
 * tracked event, which nearly never have one; the patterns then decide. */
function maybeUnsafe(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c === 0x7f || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

export function stringProblem(s: string): string | null {
  if (!maybeUnsafe(s)) return null;
  if (UNSAFE_CHARACTERS.test(s)) return UNSAFE_STRING_MESSAGE;
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}

/** A calendar day `YYYY-MM-DD` or the date part of an ISO time: its year must be in range. */
export function yearProblem(iso: string): string | null {
  const year = Number(/^([+-]?\d{4,6})/.exec(iso)?.[1]);
  if (!Number.isFinite(year) || year < MIN_YEAR || year > MAX_YEAR) return `must have a year from ${MIN_YEAR} to ${MAX_YEAR}`;
  return null;
}

export interface ValueProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * The first thing in a JSON-like value that cannot be stored: an unsafe string (value or key), a
 * nesting deeper than `maxDepth`, a number that is not finite. It runs before anything that recurses
 * without a bound (zod, JSON.stringify, the Temporal payload converter), so a value nested 100,000
 * deep is refused without a stack overflow: its own recursion stops at `maxDepth`. It runs on every
 * tracked event, so a path is built only for the one refused, on the way out.
 *
 * The order things are found in (so which one is named when there are several) is that of the
 * explicit-stack walk this replaced: an object's keys all checked first, then its values from the
 * last key to the first; an array's items in order.
 *
 * `size`, when given, receives an upper bound of the value's length as UTF-8 JSON text (every string
 * counted as if each of its characters needed a 6-byte escape), so a caller can skip an exact
 * `JSON.stringify` size check when the bound is already under its limit.
 */
export function jsonValueProblem(value: unknown, maxDepth = MAX_JSON_DEPTH, size?: { bytesAtMost: number }): ValueProblem | null {
  const walk: Walk = { maxDepth, bytes: 0 };
  const problem = walkValue(walk, value, 0);
  if (!problem && size) size.bytesAtMost = walk.bytes;
  return problem;
}

interface Walk {
  maxDepth: number;
  bytes: number;
}

function walkValue(walk: Walk, v: unknown, depth: number): ValueProblem | null {
  if (typeof v === 'string') {
    const problem = stringProblem(v);
    if (problem) return { path: [], message: problem };
    walk.bytes += 2 + 6 * v.length;
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { path: [], message: 'must be a finite number' };
    walk.bytes += 25;
  } else if (v !== null && typeof v === 'object') {
    if (depth >= walk.maxDepth) return { path: [], message: `must not be nested more than ${walk.maxDepth} levels deep` };
    walk.bytes += 2;
    if (Array.isArray(v)) {
      walk.bytes += v.length;
      for (let i = 0; i < v.length; i++) {
        const problem = walkValue(walk, v[i], depth + 1);
        if (problem) return problem.path.unshift(i), problem;
      }
    } else {
      const keys = Object.keys(v);
      for (const k of keys) {
        const problem = stringProblem(k);
        if (problem) return { path: [k], message: `key ${problem}` };
        walk.bytes += 4 + 6 * k.length;
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const problem = walkValue(walk, (v as Record<string, unknown>)[keys[i]!], depth + 1);
        if (problem) return problem.path.unshift(keys[i]!), problem;
      }
    }
  } else {
    walk.bytes += 5; // true, false, null
  }
  return null;
}

/** The text without its unsafe characters: what a refused write can still record (an actor name). */
export function withoutUnsafeCharacters(s: string): string {
  return s.replace(UNSAFE_CHARACTERS_GLOBAL, '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}
