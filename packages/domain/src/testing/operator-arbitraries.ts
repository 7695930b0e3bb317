import fc from 'fast-check';
import { ROLES, type Role } from '../events/access-events.ts';
import { PURPOSES, type Purpose } from '../events/metadata.ts';

/**
 * Operators for the compliance kit's access properties: random roles and affairs, some deactivated (人事異動), some
 * locked after failed sign-ins; and ids that only look like a registered one (another case, full-width letters, a
 * Cyrillic letter), which the engine must treat as strangers.
 */
export interface OperatorSpec {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly purposes: readonly Purpose[];
  readonly standing: 'active' | 'deactivated' | 'locked';
}

/** At least three operators: the first active, the second deactivated, the third locked; any others at random. */
export const operatorSpecsArb = (max = 4): fc.Arbitrary<OperatorSpec[]> =>
  fc.uniqueArray(
    fc.record({
      n: fc.integer({ min: 1, max: 999 }),
      roles: fc.subarray([...ROLES], { minLength: 1 }),
      purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
      standing: fc.constantFrom('active' as const, 'active' as const, 'deactivated' as const, 'locked' as const),
    }),
    { minLength: 3, maxLength: Math.max(3, max), selector: (o) => o.n },
  ).map((ops) => ops.map(({ n, standing, ...rest }, i) => ({ id: `kit.op-${n}`, ...rest, standing: STANDINGS_FIRST[i] ?? standing })));

const STANDINGS_FIRST: ReadonlyArray<OperatorSpec['standing']> = ['active', 'deactivated', 'locked'];

/** Ways of spelling an id that is not the id: each must be refused as an unknown operator. */
export const LOOKALIKE_IDS = {
  'upper-case first letter': (id: string) => id.charAt(0).toUpperCase() + id.slice(1),
  'all upper-case': (id: string) => id.toUpperCase(),
  'full-width first letter': (id: string) => String.fromCharCode(id.charCodeAt(0) - 0x61 + 0xff41) + id.slice(1),
  'cyrillic o': (id: string) => (id.includes('o') ? id.replace('o', '\u043e') : `${id}\u043e`),
  'trailing space': (id: string) => `${id} `,
  'never registered': (id: string) => `${id}-x`,
} as const satisfies Record<string, (id: string) => string>;
export type LookalikeKind = keyof typeof LOOKALIKE_IDS;

export const lookalikeKindArb: fc.Arbitrary<LookalikeKind> = fc.constantFrom(...(Object.keys(LOOKALIKE_IDS) as LookalikeKind[]));
