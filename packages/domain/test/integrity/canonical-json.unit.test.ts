import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../src/integrity/canonical-json.ts';

/** The definition, written the slow and obvious way: what stored hashes were computed with. */
function reference(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => reference(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('equals the reference definition for any JSON-like value, whatever the key order', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'grapheme' }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
        fc.constant(undefined), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string({ unit: 'grapheme' }), fc.nat({ max: 20 }).map(String)), tie('node'), { maxKeys: 5 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(canonicalJson(v)).toBe(reference(v));
      if (v !== undefined) expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(reference(v)));
    }), { numRuns: 2000 });
  });

  it('sorts keys, leaves out undefined members, writes undefined in an array as null, and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: '日本' }, u: undefined })).toBe('{"a":{"c":"日本","d":[1,null]},"b":1}');
    // JavaScript would put "2" and "10" first, in numeric order: canonical order is by code unit.
    expect(canonicalJson({ b: 1, 10: 'x', 2: 'y', a: [{ 1: true }] })).toBe('{"10":"x","2":"y","a":[{"1":true}],"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});
