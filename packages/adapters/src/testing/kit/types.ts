import type { Credentials } from '@vaxledger/domain';
import type { Engine } from '@vaxledger/application';

/** The kit's properties, by the names its report gives them (fixed: hosts and the gallery of broken hosts assert them). */
export const PROPERTY_NAMES = ['access', 'reads-logged', 'tenants-isolated', 'nothing-at-rest', 'erasure', 'rebuild', 'authentication', 'my-number-refused'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

export interface PropertyResult {
  readonly name: PropertyName;
  readonly passed: boolean;
  /** Runs made (generated cases tried). */
  readonly runs: number;
  /** What the runs did, counted (vaccinations recorded, read paths taken, refusals seen with the right reason, ...). */
  readonly exercised: Record<string, number>;
  /** Why it failed: the first counterexample's message, or what the run did too little of, or what the host lacks. */
  readonly failure?: string;
}

export interface KitReport {
  readonly passed: boolean;
  readonly properties: readonly PropertyResult[];
}

/**
 * What a host gives the kit. Every hook is given the engine the kit got from `engine`, so that a host keeping several
 * stores knows which one is meant.
 */
export interface KitOptions {
  /**
   * A fresh engine for a tenant (041009 and 131016 are used), with the administrator `admin.sato` already initialised
   * (with the secret `credentials('admin.sato')` gives, if the host authenticates by secret). Engines made with the same
   * `shared` object must share one store (the tenants property puts two municipalities in it).
   */
  readonly engine: (tenant: string, shared: object) => Promise<Engine>;
  /** The folder the host keeps this engine's data in: every file in it (and its subfolders) is read at rest. */
  readonly dataFolder?: (engine: Engine) => string | undefined;
  /**
   * For a host that keeps its store in memory (nothing on disk): what its stores hold, by name, each as the bytes it
   * would write out (`MemoryEventStore.heldBytes()`). Read at rest like the files of `dataFolder`.
   */
  readonly heldBytes?: (engine: Engine) => Record<string, Uint8Array> | undefined;
  /** Older form: the SQLite database file; the file, its -wal, -shm and .keys are read at rest. */
  readonly databaseFile?: (engine: Engine) => string | undefined;
  /** Closes the engine and opens the same host's store again, as a new process would (at rest, erasure). */
  readonly reopen?: (engine: Engine) => Promise<Engine>;
  /**
   * The credentials an operator of the host signs in with (for a host whose authenticator checks secrets): the kit
   * asks for `admin.sato`'s; operators it registers itself get secrets the kit chose.
   */
  readonly credentials?: (operatorId: string) => Credentials | undefined;
  /**
   * `host-vouches`: the host authenticates its operators itself and gives the engine `hostAuthenticated`; the kit then
   * checks that a secret is refused. Leave it out when `credentials` is given.
   */
  readonly authentication?: 'host-vouches';
  /** Cases per property (default: each property's own, tuned to finish the whole kit in well under two minutes). */
  readonly numRuns?: number;
  /** fast-check's seed, to run again the cases of a report (each failure names its seed). */
  readonly seed?: number;
  /**
   * A module that opens the host's engine in a separate process, for the rebuild there under another TZ and LANG. It
   * must export (as `export`, default `openEngine`) an async function `(tenant: string, location: string) => Engine`,
   * where `location` is what `dataFolder` gave for the engine; the kit imports it in a child process
   * (`process.execPath`), rebuilds the projections from zero there and compares them with the live ones.
   */
  readonly rebuildProcess?: { readonly module: string; readonly export?: string };
}
