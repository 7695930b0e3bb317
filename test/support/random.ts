/** mulberry32: a small seeded PRNG, so that a test's random choices can be replayed from the seed it prints. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a randomized test: VAXLEDGER_TEST_SEED when set (to replay a failure), else `fallback`. */
export function testSeed(fallback: number): number {
  const given = process.env.VAXLEDGER_TEST_SEED;
  return given !== undefined && /^\d+$/.test(given) ? Number(given) : fallback;
}
