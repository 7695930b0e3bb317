import { describe, expect, it } from 'vitest';
import { RandomPool } from '../../src/security/random-pool.ts';

describe('RandomPool', () => {
  it('never hands out the same bytes twice, across refills, and a value handed out does not change on refill', () => {
    const pool = new RandomPool();
    const first = pool.take(32);
    const copy = Buffer.from(first);
    const seen = new Set<string>([first.toString('hex')]);
    // 64 KiB blocks: 20,000 nonces of 12 bytes cross three refills.
    for (let i = 0; i < 20_000; i++) {
      const nonce = pool.take(12).toString('hex');
      expect(seen.has(nonce)).toBe(false);
      seen.add(nonce);
    }
    expect(first.equals(copy)).toBe(true);
    expect(first.equals(Buffer.alloc(32))).toBe(false);
  });

  it('refuses a request larger than its block', () => {
    expect(() => new RandomPool().take(70_000)).toThrow(RangeError);
  });
});
