/** The seeded PRNG (mulberry32) the benchmarks draw their cities with, so that a test's random choices replay from its seed. */
export { seededRandom } from '../../bench/lib/population.ts';

/** The seed of a randomized test: VAXLEDGER_TEST_SEED when set (to replay a failure), else `fallback`. */
export function testSeed(fallback: number): number {
  const given = process.env.VAXLEDGER_TEST_SEED;
  return given !== undefined && /^\d+$/.test(given) ? Number(given) : fallback;
}
