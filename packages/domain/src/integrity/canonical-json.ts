/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, `undefined` members left out (`undefined` in
 * an array is null). Content identity (safe retries) and hashes must not depend on the order in which a caller built
 * an object.
 *
 * It runs once per stored event. A copy with sorted keys, serialised by the native JSON.stringify, costs less than
 * building the text in JavaScript, and gives one flat string (a text built piece by piece is a rope of small strings,
 * which the garbage collector then has to copy while the append waits for its transaction). Each object's key list is
 * looked up among the shapes seen before, with its sorted order worked out once, so a key list is sorted once per
 * shape, not once per event.
 */
export function canonicalJson(value: unknown): string {
  const copy = sortedCopy(value);
  // JavaScript enumerates integer-like keys ("2", "10") first and in numeric order, whatever the insertion order:
  // such objects are written by the loop instead.
  return copy === INTEGER_KEYS ? canonicalJsonByLoop(value) : (JSON.stringify(copy) ?? 'null');
}

/** Returned by sortedCopy when some object has a key that JavaScript would reorder. */
const INTEGER_KEYS = Symbol('integer-keys');
const isIntegerLike = (key: string) => key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57 && /^(?:0|[1-9][0-9]*)$/.test(key);

/** The same text, built in JavaScript: the definition, and the path for objects with integer-like keys. */
function canonicalJsonByLoop(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number in event data');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('bigint is not allowed in event data');
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJsonByLoop(v);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalJsonByLoop(member);
  }
  return `${out}}`;
}

/** What JSON.stringify writes as is: a string, a boolean, a finite number. */
const isPlainScalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number in event data');
      return value;
    case 'bigint':
      throw new TypeError('bigint is not allowed in event data');
    case 'object':
      break;
    case 'undefined':
      return undefined;
    default:
      // Functions and symbols have no JSON form: written as null rather than silently dropped.
      return null;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    // An array of strings, booleans and finite numbers is written as it is: copied only from its first other element.
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (out === undefined && isPlainScalar(v)) continue;
      out ??= value.slice(0, i);
      const c = v === undefined ? null : sortedCopy(v);
      if (c === INTEGER_KEYS) return INTEGER_KEYS;
      out.push(c);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const shape = shapeOf(Object.keys(record));
  if (shape.integerKeys) return INTEGER_KEYS;
  const out: Record<string, unknown> = {};
  for (const key of shape.sorted) {
    const member = record[key];
    if (member === undefined) continue;
    const c = sortedCopy(member);
    if (c === INTEGER_KEYS) return INTEGER_KEYS;
    out[key] = c;
  }
  return out;
}

/** A key list as some caller builds it, with the same keys sorted. */
interface Shape {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly integerKeys: boolean;
}

/** Shapes by their first key; a few per first key are kept (others are worked out each time: the cache stays small). */
const shapes = new Map<string, Shape[]>();
const SHAPES_PER_FIRST_KEY = 16;
const MAX_FIRST_KEYS = 4096;

function shapeOf(keys: readonly string[]): Shape {
  const first = keys.length === 0 ? '' : keys[0]!;
  const known = shapes.get(first);
  if (known) {
    search: for (const shape of known) {
      if (shape.keys.length !== keys.length) continue;
      for (let i = 1; i < keys.length; i++) if (shape.keys[i] !== keys[i]) continue search;
      return shape;
    }
  }
  const shape: Shape = { keys, sorted: [...keys].sort(), integerKeys: keys.some(isIntegerLike) };
  if (known) {
    if (known.length < SHAPES_PER_FIRST_KEY) known.push(shape);
  } else if (shapes.size < MAX_FIRST_KEYS) shapes.set(first, [shape]);
  return shape;
}
