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
import { asStored } from './as-stored.ts';

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
  /**
   * Every document after the event, by key, exactly as it will be stored (a key missing here must be missing there;
   * an item left `undefined` is an item left out), or checked by a function that throws on a mismatch.
   */
  then(expected: Readonly<Record<string, Doc>> | ((docs: ReadonlyMap<string, Doc>) => void)): void;
  /** The event changes no document: the documents are those the given events alone leave, none added or dropped. */
  thenUnchanged(): void;
}

/**
 * The documents by key as stored, in key order (a failure's diff then lists both sides in one order). A copy: what
 * evolve later does to a document in place does not reach it.
 */
const storedForm = (docs: Iterable<readonly [string, unknown]>) => asStored(Object.fromEntries([...docs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

export function projectionSpec<Event, Doc>(reducer: ReducerLike<Event, Doc>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(...more: readonly Event[]): ProjectionThen<Doc> {
          const before = applyEvents(reducer, events);
          // Taken before the new events run, so that a reducer that changed a document in place is caught too.
          const beforeForm = storedForm(before);
          const docs = applyEvents(reducer, more, before);
          return {
            then(expected) {
              if (typeof expected === 'function') expected(docs);
              else deepStrictEqual(storedForm(docs), storedForm(Object.entries(expected)), 'the documents differ from the expected ones (see the diff)');
            },
            thenUnchanged() {
              deepStrictEqual(storedForm(docs), beforeForm, 'the event changed the documents (see the diff)');
            },
          };
        },
      };
    },
  };
}
