/**
 * Given/when/then specifications for projections (pure reducers over documents): given earlier events, when one
 * more event is applied, then these documents. Declared by shape, so that this package needs no projection runner:
 * anything with `keysOf`, `evolve` and optionally `dropsOf` (every @vaxledger/projections projection) fits.
 *
 *   projectionSpec(ledgerProjection)
 *     .given([registered])
 *     .when(vaccinated)
 *     .then({ 'tenant/resident/record': { … } });
 */
import { deepStrictEqual } from 'node:assert/strict';

export interface ReducerLike<Event, Doc> {
  keysOf(event: Event): readonly string[];
  dropsOf?(event: Event): readonly string[];
  evolve(doc: Doc | undefined, event: Event, key: string): Doc | undefined;
}

/** Applies events in order as a projection runner does: drops first, then each key's document evolved. */
export function applyEvents<Event, Doc>(reducer: ReducerLike<Event, Doc>, events: readonly Event[], docs = new Map<string, Doc>()): Map<string, Doc> {
  for (const event of events) {
    for (const prefix of reducer.dropsOf?.(event) ?? []) {
      for (const key of [...docs.keys()]) if (key.startsWith(prefix)) docs.delete(key);
    }
    for (const key of reducer.keysOf(event)) {
      const next = reducer.evolve(docs.get(key), event, key);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}

export interface ProjectionThen<Doc> {
  /** Every document after the event, by key, exactly (a key missing here must be missing there). */
  then(expected: Readonly<Record<string, Doc>> | ((docs: ReadonlyMap<string, Doc>) => void)): void;
}

export function projectionSpec<Event, Doc>(reducer: ReducerLike<Event, Doc>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(...more: readonly Event[]): ProjectionThen<Doc> {
          const docs = applyEvents(reducer, [...events, ...more]);
          return {
            then(expected) {
              if (typeof expected === 'function') expected(docs);
              else deepStrictEqual(Object.fromEntries(docs), expected);
            },
          };
        },
      };
    },
  };
}
