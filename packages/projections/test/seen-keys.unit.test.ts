import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeenKeys } from '../src/runner/seen-keys.ts';

describe('SeenKeys', () => {
  it('never forgets a key it was given, before and after it turns into a filter', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 300 }), fc.integer({ min: 0, max: 50 }), (keys, exactLimit) => {
        const seen = new SeenKeys(exactLimit, 2 ** 12);
        keys.forEach((k) => seen.add(k));
        expect(keys.filter((k) => !seen.mightHave(k))).toEqual([]);
      }),
    );
  });

  it('answers "no" exactly while small, and rarely "maybe" wrongly once a filter', () => {
    const exact = new SeenKeys(10, 2 ** 12);
    exact.add('041009/000001/a');
    expect(exact.mightHave('041009/000001/b')).toBe(false);

    const filter = new SeenKeys(1000, 2 ** 20);
    for (let i = 0; i < 50_000; i++) filter.add(`041009/${String(i).padStart(6, '0')}/${i * 7}`);
    let wrong = 0;
    for (let i = 50_000; i < 100_000; i++) if (filter.mightHave(`041009/${String(i).padStart(6, '0')}/${i * 7}`)) wrong++;
    // 21 bits a key, 7 hashes: about 1 in 1,500 in theory; a weak hash would show far more.
    expect(wrong / 50_000).toBeLessThan(0.005);
  });
});
