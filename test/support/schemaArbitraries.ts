// fast-check arbitraries from the API's own OpenAPI document (JSON Schema as the zod route schemas
// describe it): values a route's schema accepts, and mutations of them that no schema may accept
// (NUL and control characters, nesting past the limit, wrong types, missing fields, values out of
// range), each knowing where it was made, so a test can demand the 400 names that place.
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true });
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);

/** Values `schema` accepts (mostly: an unsatisfiable mix of keywords may still be refused). */
export function valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).filter((k) => k !== 'description' && k !== 'default').length === 0) {
    return fc.jsonValue({ maxDepth: 2 });
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, depth)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf), depth);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t) => valid({ ...schema, type: t }, depth)));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = Math.max(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000), -1_000_000);
      const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000), 1_000_000);
      return schema.type === 'integer' || min > max ? fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return validString(schema);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(depth > 4 ? fc.constant(null) : valid(schema.items, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object':
    case undefined: {
      const props = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valid(s, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((k) => k in props) },
      );
      if (typeof schema.additionalProperties !== 'object' || depth > 4) return record;
      const keys = schema.propertyNames?.pattern || schema.propertyNames?.enum ? validString(schema.propertyNames) : word;
      return fc.tuple(record, fc.dictionary(keys as fc.Arbitrary<string>, valid(schema.additionalProperties, depth + 1), { maxKeys: 3 })).map(([r, extra]) => ({ ...extra, ...r }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  if (schema?.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema?.format === 'date') return day.map((d) => d.toISOString().slice(0, 10));
  if (schema?.format === 'date-time') return day.map((d) => d.toISOString());
  if (schema?.format === 'email') return word.map((w) => `${w}@example.test`);
  if (schema?.format === 'uri') return word.map((w) => `https://${w}.example.test/hook`);
  const minLength = schema?.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema?.maxLength ?? 24, 24));
  if (schema?.pattern) {
    const simple = simplePattern(schema.pattern);
    if (simple) return fc.string({ unit: fc.constantFrom(...simple.chars), minLength: Math.max(minLength, simple.min), maxLength: Math.min(schema.maxLength ?? 24, simple.max, 24) });
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
    } catch {
      // A pattern fast-check cannot generate from: plain strings, refused or not.
    }
  }
  // Mostly ASCII (cheap to make), sometimes any grapheme (emoji, combining marks, other scripts).
  return fc.oneof({ arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }), weight: 3 }, { arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }), weight: 1 });
}

/** `^[class]+$`, `^[class]*$`, `^[class]{m,n}$`: the characters and lengths, or null for anything
 * else (fast-check's stringMatching handles those, a hundred times slower). */
function simplePattern(pattern: string): { chars: string[]; min: number; max: number } | null {
  const m = /^\^\[((?:\\.|[^\]\\])+)\](\+|\*|\{(\d+),(\d*)\})\$$/.exec(pattern);
  if (!m || m[1]!.startsWith('^')) return null;
  const chars: string[] = [];
  const body = m[1]!.replace(/\\d/g, '0-9');
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\') c = body[++i]!;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const to = body[i + 2] === '\\' ? body[i + 3]! : body[i + 2]!;
      for (let code = c.charCodeAt(0); code <= to.charCodeAt(0); code++) chars.push(String.fromCharCode(code));
      i += body[i + 2] === '\\' ? 3 : 2;
    } else chars.push(c);
  }
  const [min, max] = m[2] === '+' ? [1, 24] : m[2] === '*' ? [0, 24] : [Number(m[3]), m[4] ? Number(m[4]) : 24];
  return { chars, min, max };
}

/** A place in a value: its path, the schema there when known, and the value found. */
interface Place {
  path: Array<string | number>;
  schema: JsonSchema | undefined;
  value: unknown;
}

/** Branch-free schemas only: under anyOf/oneOf we cannot know which alternative a value took. */
function plain(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema || schema.anyOf || schema.oneOf || schema.allOf) return undefined;
  return schema;
}

function places(value: unknown, schema: JsonSchema | undefined, path: Array<string | number> = [], out: Place[] = []): Place[] {
  const s = plain(schema);
  out.push({ path, schema: s, value });
  if (Array.isArray(value)) value.forEach((v, i) => places(v, s?.items, [...path, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const sub = s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      places(v, sub, [...path, k], out);
    }
  }
  return out;
}

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u000b'];

/** A mutation no schema may accept, and the path the refusal must name (a prefix of it may be
 * named instead when a schema refuses the enclosing value). `deep` is spliced in as JSON text. */
export interface Mutation {
  kind: string;
  path: Array<string | number>;
  value: unknown;
  /** JSON text nested this deep at `path` (JSON.stringify cannot write it). */
  deep?: number;
}

/** Stands where the deep value goes until toJsonText splices it in. */
const DEEP_MARK = '\u2063deep\u2063';

/** Kinds that hold for any schema: the safe-value check refuses them before the schema runs. */
export const UNIVERSAL_KINDS = ['control', 'controlKey', 'deep'] as const;
/** Kinds that need the schema at the place. */
export const SCHEMA_KINDS = ['wrongType', 'missing', 'tooLong', 'outOfRange', 'badDate', 'badEnum'] as const;

function setAt(root: unknown, path: Array<string | number>, v: unknown): unknown {
  if (path.length === 0) return v;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), v);
  return copy;
}

/** What `kind` does at `place`, or null where it cannot make an invalid value. */
function mutateAt(kind: string, p: Place, pick: number, text: string, stringly: boolean): Omit<Mutation, 'kind' | 'path'> & { path?: Array<string | number> } | null {
  const ctl = CONTROL[pick % CONTROL.length]!;
  const s = p.schema;
  const types = s ? [s.type].flat().filter(Boolean) : [];
  switch (kind) {
    case 'control':
      if (typeof p.value !== 'string') return { value: `${text}${ctl}` };
      // By code point, so a surrogate pair is never split.
      const chars = Array.from(p.value);
      chars.splice(pick % (chars.length + 1), 0, ctl);
      return { value: chars.join('') };
    case 'controlKey':
      if (!p.value || typeof p.value !== 'object' || Array.isArray(p.value)) return null;
      return { value: { ...(p.value as object), [`k${ctl}${text}`]: 1 }, path: [...p.path, `k${ctl}${text}`] };
    case 'deep':
      return { value: DEEP_MARK, deep: 40 + (pick % 5000) };
    case 'wrongType': {
      if (!s || types.length === 0 || types.includes('null') || s.enum || 'const' in s) return null;
      // In a query string or a form every value is text: only a number field has a wrong type there.
      if (stringly) return types.includes('integer') || types.includes('number') ? { value: `${text}x` } : null;
      // 1.5 is wrong for an integer; 7 is not wrong for a number.
      const candidates: Array<[string, unknown]> = [['string', `${text}x`], ['number', 1.5], ['integer', 7], ['boolean', true], ['object', { x: 1 }], ['array', [1]]];
      const usable = candidates.filter(([t]) => !types.includes(t) && !(t === 'integer' && types.includes('number')));
      return { value: usable[pick % usable.length]![1] };
    }
    case 'missing': {
      const required = s?.required?.filter((k) => p.value && typeof p.value === 'object' && k in (p.value as object) && !('default' in (s.properties?.[k] ?? {})));
      if (!required?.length) return null;
      const k = required[pick % required.length]!;
      const { [k]: _gone, ...rest } = p.value as Record<string, unknown>;
      return { value: rest, path: [...p.path, k] };
    }
    case 'tooLong':
      if (!s || !types.includes('string') || s.maxLength === undefined || s.maxLength > 100_000 || s.enum) return null;
      return { value: 'a'.repeat(s.maxLength + 1) };
    case 'outOfRange': {
      if (!s || !(types.includes('integer') || types.includes('number'))) return null;
      if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) return { value: pick % 2 ? s.maximum + 1 : 2 ** 53 };
      if (s.minimum !== undefined) return { value: s.minimum - 1 - (pick % 3) };
      if (s.exclusiveMinimum !== undefined) return { value: s.exclusiveMinimum };
      return null;
    }
    case 'badDate':
      if (s?.format !== 'date' && s?.format !== 'date-time') return null;
      return { value: [`0000-01-01`, `10000-01-01`, `2026-02-30`, `1899-12-31`][pick % 4] + (s.format === 'date-time' ? 'T00:00:00Z' : '') };
    case 'badEnum':
      if (!s?.enum || !s.enum.every((e) => typeof e === 'string')) return null;
      return { value: `${s.enum[pick % s.enum.length]}-not` };
    default:
      return null;
  }
}

/** A valid value of `schema` with one mutation from `kinds` applied at some place; `stringly` for
 * query strings and forms, where every value travels as text. */
export function mutated(schema: JsonSchema | undefined, kinds: readonly string[], stringly = false): fc.Arbitrary<{ value: unknown; mutation: Mutation }> {
  return valid(schema)
    .chain((v) => {
      const all = places(v, schema);
      // Each applicable kind equally often (NUL fits every place, a bad date few), then a place for it.
      const byKind = kinds.map((kind) => ({ kind, at: all.filter((p) => mutateAt(kind, p, 0, 'x', stringly) !== null) })).filter((k) => k.at.length > 0);
      return fc.tuple(fc.constant(v), fc.constantFrom(...byKind).chain(({ kind, at }) => fc.record({ kind: fc.constant(kind), p: fc.constantFrom(...at) })), fc.nat(), word);
    })
    .map(([v, { kind, p }, pick, text]) => {
      const m = mutateAt(kind, p, pick, text, stringly)!;
      return { value: setAt(v, p.path, m.value), mutation: { kind, path: m.path ?? p.path, value: m.value, ...(m.deep ? { deep: m.deep } : {}) } };
    });
}

/** JSON text of `value`, with the `deep` mutation spliced in as nested arrays and objects. */
export function toJsonText(value: unknown, mutation?: Mutation): string {
  const text = JSON.stringify(value) ?? 'null';
  if (!mutation?.deep) return text;
  const n = mutation.deep;
  const nested = n % 2 ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  return text.replace(JSON.stringify(DEEP_MARK), nested);
}
