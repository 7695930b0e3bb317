import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Keyring } from '../../src/security/keyring.ts';

describe('a tenant keyring', () => {
  it('returns each subject\'s last key, null once destroyed, undefined when never loaded, across many blocks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('set', 'set', 'set', 'destroy')), { maxLength: 6000 }),
        (steps) => {
          const ring = new Keyring();
          const model = new Map<string, Buffer | null>();
          for (const [n, step] of steps) {
            const subject = `s${n}`;
            if (step === 'set') {
              const key = randomBytes(32);
              ring.set(subject, key);
              model.set(subject, Buffer.from(key));
              key.fill(0); // the ring keeps its own copy
            } else {
              ring.setDestroyed(subject);
              model.set(subject, null);
            }
          }
          for (const [subject, key] of model) {
            const held = ring.get(subject);
            if (key === null) expect(held).toBeNull();
            else expect(Buffer.from(held!).equals(key)).toBe(true);
          }
          expect(ring.get('never')).toBeUndefined();
          expect(ring.has('never')).toBe(false);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('zeroes the bytes of a destroyed key and of every key it lets go of', () => {
    const ring = new Keyring();
    ring.set('a', randomBytes(32));
    ring.set('b', randomBytes(32));
    const a = ring.get('a')!;
    const b = ring.get('b')!;
    ring.setDestroyed('a');
    expect(a.every((byte) => byte === 0)).toBe(true);
    expect(b.some((byte) => byte !== 0)).toBe(true);
    ring.clear();
    expect(b.every((byte) => byte === 0)).toBe(true);
    expect(ring.has('b')).toBe(false);
    expect(() => ring.set('c', randomBytes(16))).toThrow();
  });
});
