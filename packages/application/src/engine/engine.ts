import { randomUUID } from 'node:crypto';
import {
  DomainError, PURPOSES, operatorDecider, streams,
  type Clock, type Credentials, type EventStore, type KeyStore, type Purpose, type RuleSet, type StoredRowReader,
} from '@vaxledger/domain';
import type { CatchUpResult, ProjectionStore, VerifyProgress, VerifyReport } from '@vaxledger/projections';
import { Session } from './session.ts';
import { hashSecret } from '../security/secret-hash.ts';
import { trackedCalls } from './call-tracker.ts';
import { bindEngineContext, EngineContext } from './engine-context.ts';
import type { EngineOptions } from './engine-options.ts';
import type { PublicKeySet } from '../ports/certificate-signer.ts';

export type { AccessPolicy, EngineOptions } from './engine-options.ts';
export { SIGN_IN_ACTION, INVALID_OPERATOR_ID, type RefusalReason } from './authorization.ts';
export { withProblems } from './verification.ts';

/**
 * The facade a host application embeds. Every operation goes through `session(operator, purpose)`, which passes
 * one policy decision and leaves an operation-log entry, allowed or denied. Integrity checks need no operator.
 * What the sessions share (authorization, the eligibility cache, verification, the stores) is the engine's context
 * (engine-context.ts), which a host never sees.
 */
export class Engine {
  private readonly context: EngineContext;
  /** The store this engine writes to (the host's, behind the operator-standing guard): for the host's own reads. */
  readonly store: EventStore & StoredRowReader;
  readonly projectionStore: ProjectionStore;
  readonly tenant: string;
  readonly clock: Clock;
  readonly keyStore: KeyStore | undefined;
  readonly rules: RuleSet;

  constructor(options: EngineOptions) {
    this.context = new EngineContext(options);
    bindEngineContext(this, this.context);
    ({ store: this.store, projectionStore: this.projectionStore, tenant: this.tenant, clock: this.clock, keyStore: this.keyStore, rules: this.rules } = this.context);
  }

  /** Registers the municipality's first operator, an administrator who may act for every purpose until narrowed. */
  initTenant(adminOperatorId: string, options: { secret?: string } = {}): Promise<void> {
    return this.context.calls.run(() => this.initTenantNow(adminOperatorId, options));
  }

  private async initTenantNow(adminOperatorId: string, options: { secret?: string }): Promise<void> {
    const engine = this.context;
    if (options.secret !== undefined && options.secret.length < 12) throw new DomainError('weak-secret', 'a secret must have at least 12 characters');
    await engine.catchUp();
    for await (const _ of engine.projectionStore.scan('operators', { prefix: `${engine.tenant}/` })) {
      throw new DomainError('already-initialized', `tenant ${engine.tenant} is already initialized`);
    }
    if (options.secret !== undefined && !engine.keyStore) throw new DomainError('no-key-store', 'this engine has no key store to keep secrets in');
    await engine.firstOperatorCommands.execute(
      {
        stream: streams.operator(engine.tenant, adminOperatorId), decider: operatorDecider,
        command: { type: 'RegisterOperator', operatorId: adminOperatorId, roles: ['administrator'], purposes: [...PURPOSES] },
      },
      engine.metadata(adminOperatorId, 'administration', randomUUID()),
    );
    if (options.secret !== undefined) await engine.keyStore!.putSecretHash(engine.tenant, adminOperatorId, await hashSecret(options.secret));
  }

  /** Acts for one operator and one purpose; the operator authenticates with `credentials`; every call is authorized and logged. */
  session(operatorId: string, purpose: Purpose, credentials?: Credentials): Session {
    if (!(PURPOSES as readonly string[]).includes(purpose)) throw new DomainError('unknown-purpose', `unknown purpose ${JSON.stringify(String(purpose).slice(0, 30))}`);
    // Every method a call the engine keeps track of: close() waits for it, and refuses it once closing.
    return trackedCalls(new Session(this.context, operatorId, purpose, credentials), Session.prototype, this.context.calls);
  }

  /**
   * Authenticates an operator before anything else about a call is looked at (the CLI signs in before it reads its
   * arguments), so that a wrong secret gets one answer whatever else is wrong, and is always logged and counted.
   * Returns a proof to pass as the credentials of this operator's sessions; a refusal is logged as a denial of
   * `sign-in` and raised.
   */
  signIn(operatorId: string, purpose: Purpose, credentials: Credentials | undefined): Promise<Credentials> {
    return this.context.access.signIn(operatorId, purpose, credentials);
  }

  /** Brings every projection up to the store's head. */
  catchUp(): Promise<CatchUpResult> {
    return this.context.catchUp();
  }

  rebuildProjections(): Promise<CatchUpResult> {
    return this.context.calls.run(() => this.context.runner.rebuild());
  }

  /**
   * Chain, positions, parsing and every projection against a rebuild from zero. A store in a file is rebuilt into a
   * temporary file (a city's projections do not fit in memory); a store in memory, in memory.
   */
  verify(options: { onProgress?: VerifyProgress } = {}): Promise<VerifyReport> {
    return this.context.calls.run(() => this.context.verification.verify(options));
  }

  /**
   * The public keys a verifier of this tenant's SMART Health Cards needs (a JWK Set, as served at
   * `<issuer>/.well-known/jwks.json`). Public keys only: no operator is needed, nothing personal is read, no key is
   * made, and no private material ever leaves the key store.
   */
  healthCardPublicKeys(): Promise<PublicKeySet> {
    return this.context.calls.run(async () => (this.context.certificateSigner ? this.context.certificateSigner.publicKeys(this.tenant) : { keys: [] }));
  }

  /**
   * Finishes erasures that were recorded but interrupted before every key was destroyed (noted as pending in the key
   * store); openSqliteEngine and openEsdbEngine call it. Returns the residents whose erasure it finished.
   */
  finishErasures(): Promise<string[]> {
    return this.context.verification.finishErasures();
  }

  /**
   * Refuses new calls at once (EngineClosedError), waits for the calls in progress to finish (at most `timeoutMs`,
   * 30 s by default), then closes the store. A call still running when the wait ran out fails with an
   * EngineClosedError that says its outcome is unknown: a host retries it with the same requestId.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    this.closing ??= this.closeNow(options.timeoutMs ?? 30_000);
    return this.closing;
  }

  private closing: Promise<void> | undefined;

  private async closeNow(timeoutMs: number): Promise<void> {
    await this.context.calls.close(timeoutMs);
    await this.store.close();
    // A key store with a file of its own (the default beside a SQLite store) is closed with the engine.
    (this.keyStore as { close?: () => void } | undefined)?.close?.();
  }
}

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
