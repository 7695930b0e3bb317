/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members left out (`undefined` in an array is null).
 * Content identity (safe retries) and hashes must not depend on the order in which a caller built an object.
 * It runs once per stored event: a copy with sorted keys, serialised by the native JSON.stringify, costs less than
 * building the text in JavaScript.
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
    default:
      // Functions and symbols have no JSON form: written as null rather than silently dropped.
      return null;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const c = v === undefined ? null : sortedCopy(v);
      if (c === INTEGER_KEYS) return INTEGER_KEYS;
      out[i] = c;
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (isIntegerLike(key)) return INTEGER_KEYS;
    const member = record[key];
    if (member === undefined) continue;
    const c = sortedCopy(member);
    if (c === INTEGER_KEYS) return INTEGER_KEYS;
    out[key] = c;
  }
  return out;
}
