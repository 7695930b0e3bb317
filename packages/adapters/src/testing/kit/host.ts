import { AccessDeniedError, type Credentials, type Purpose, type RecordedEvent } from '@vaxledger/domain';
import type { OperatorSpec } from '@vaxledger/domain/testing';
import type { Engine, Session } from '@vaxledger/application';
import type { KitOptions } from './types.ts';

export const TENANT_A = '041009';
export const TENANT_B = '131016';
export const ADMIN = 'admin.sato';

/** The secret the kit gives an operator it registers (12 characters or more, as the engine requires). */
export const kitSecretOf = (operatorId: string) => `kit-secret-${operatorId}-0123`;

/**
 * The kit's view of the host: engines from its factory, sessions with the right credentials (the host's for its
 * administrator, the kit's own for the operators it registers), and every engine closed at the end of a case.
 */
export class KitHost {
  private readonly opened: Engine[] = [];
  private readonly kitOperators = new Set<string>();

  constructor(readonly o: KitOptions) {}

  get authenticatesBySecret(): boolean {
    return this.o.credentials !== undefined;
  }

  async open(tenant: string, shared: object): Promise<Engine> {
    const engine = await this.o.engine(tenant, shared);
    this.opened.push(engine);
    return engine;
  }

  /** The host's reopen hook, the new engine tracked like the others. */
  async reopen(engine: Engine): Promise<Engine> {
    const again = await this.o.reopen!(engine);
    this.opened.push(again);
    return again;
  }

  credentialsOf(operatorId: string): Credentials | undefined {
    if (!this.authenticatesBySecret) return undefined;
    return this.kitOperators.has(operatorId) ? { secret: kitSecretOf(operatorId) } : this.o.credentials!(operatorId);
  }

  session(engine: Engine, operatorId: string, purpose: Purpose): Session {
    return engine.session(operatorId, purpose, this.credentialsOf(operatorId));
  }

  admin(engine: Engine, purpose: Purpose): Session {
    return this.session(engine, ADMIN, purpose);
  }

  /** Registers an operator through the administrator's session, with a secret of the kit's when the host checks secrets. */
  async addOperator(engine: Engine, spec: Pick<OperatorSpec, 'id' | 'roles' | 'purposes'>): Promise<void> {
    this.kitOperators.add(spec.id);
    await this.admin(engine, 'administration').registerOperator(spec.id, spec.roles, spec.purposes, this.authenticatesBySecret ? { secret: kitSecretOf(spec.id) } : {});
  }

  async closeAll(): Promise<void> {
    const engines = this.opened.splice(0);
    for (const engine of engines.reverse()) await engine.close().catch(() => undefined);
  }
}

/** Runs a case with a fresh KitHost, closing every engine it opened, whatever happens. */
export async function withHost<T>(o: KitOptions, body: (host: KitHost) => Promise<T>): Promise<T> {
  const host = new KitHost(o);
  try {
    return await body(host);
  } finally {
    await host.closeAll();
  }
}

/** The store's head: events after it are what a call left. */
export async function headOf(engine: Engine): Promise<bigint> {
  return (await engine.store.head()).position;
}

/** The events this tenant's store got after a position (what a call left on the record). */
export async function eventsAfter(engine: Engine, after: bigint): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of engine.store.readAll({ afterPosition: after, tenant: engine.tenant })) out.push(e);
  return out;
}

/** A call's outcome: its value, an access denial (with its reason), or another error (the host's refusal of the input). */
export type Outcome<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'denied'; readonly reason: string; readonly message: string } | { readonly kind: 'error'; readonly error: unknown };

export async function outcomeOf<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await call() };
  } catch (error) {
    if (error instanceof AccessDeniedError) return { kind: 'denied', reason: error.reason, message: error.message };
    return { kind: 'error', error };
  }
}

/** Today in Japan (the engine's clock), as the counter writes a date of receipt. */
export const japanToday = (engine: Engine) => new Date(engine.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
