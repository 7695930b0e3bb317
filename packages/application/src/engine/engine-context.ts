import {
  decideAccess, DomainError, invalidTenantMessage, isValidLocalGovernmentCode, operatorDecider, streams,
  systemClock, defaultRuleSet,
  type Action, type Authenticator, type Clock, type Decider, type EventMetadata, type EventStore, type KeyStore,
  type OperatorState, type Purpose, type RuleSet, type StoredRowReader,
} from '@vaxledger/domain';
import { ALL_PROJECTIONS, MemoryProjectionStore, ProjectionRunner, type AnyProjection, type CatchUpResult, type EligibilityDoc, type ProjectionStore } from '@vaxledger/projections';
import { identityClearView, type SubjectKeys } from '../ports/subject-keys.ts';
import type { PrintFiles } from '../ports/print-files.ts';
import { noCoPaymentExemptions, type CoPaymentExemptions } from '../ports/co-payment-exemptions.ts';
import type { FileReaders } from '../ports/file-readers.ts';
import type { MyNumberResolver } from '../ports/my-number-resolver.ts';
import type { CertificateSigner } from '../ports/certificate-signer.ts';
import type { AccessPolicy, EngineOptions } from './engine-options.ts';
import type { ErasureStep } from './session/erasure.ts';
import { guardOperatorStanding } from './operator-standing.ts';
import { CallTracker } from './call-tracker.ts';
import { Authorization } from './authorization.ts';
import { EligibilityCache } from './eligibility-cache.ts';
import { Verification } from './verification.ts';
import { CommandHandler } from '../commands/command-handler.ts';
import { loadStream } from '../commands/load-stream.ts';

/**
 * What the engine's parts and its sessions share: what the engine was composed of, the projection runner, the calls in
 * progress, and the parts (authorization, the eligibility cache, verification), with the reads and appends every
 * command makes. Package-internal: sessions and importers reach the engine through it; a host calls the Engine facade.
 */
export class EngineContext {
  /** The store, wrapped: every commit re-checks its operator's standing inside its write transaction (operator-standing.ts). */
  readonly store: EventStore & StoredRowReader;
  /** The store without the operator-standing guard: for the tenant's first operator, who has no standing yet. */
  readonly unguardedStore: EventStore;
  /** The store's rows as stored: what verify, the operation log and the reads by position take. */
  readonly storedRows: StoredRowReader;
  readonly projectionStore: ProjectionStore;
  readonly tenant: string;
  readonly clock: Clock;
  readonly keyStore: KeyStore | undefined;
  readonly projections: readonly AnyProjection[];
  readonly rules: RuleSet;
  readonly authenticator: Authenticator;
  readonly policy: AccessPolicy;
  readonly cipher: SubjectKeys | undefined;
  readonly fileReaders: FileReaders | undefined;
  readonly printFiles: PrintFiles | undefined;
  readonly coPaymentExemptions: CoPaymentExemptions;
  readonly myNumberResolver: MyNumberResolver | undefined;
  readonly certificateSigner: CertificateSigner | undefined;
  readonly retentionYears: number;
  readonly privateProjections: boolean;
  readonly erasureSteps: ((step: ErasureStep) => void | Promise<void>) | undefined;
  readonly runner: ProjectionRunner;
  /** Calls in progress: what close() waits for before it closes the store. */
  readonly calls = new CallTracker();
  readonly access: Authorization;
  readonly eligibility: EligibilityCache;
  readonly verification: Verification;
  /** The one write path: every command, record and import batch is appended through it (commands/command-handler.ts). */
  readonly commands: CommandHandler;
  /** The same, over the store without the operator-standing guard: the tenant's first operator only. */
  readonly firstOperatorCommands: CommandHandler;

  constructor(options: EngineOptions) {
    if (!isValidLocalGovernmentCode(options.tenant)) {
      throw new DomainError('invalid-tenant', invalidTenantMessage(String(options.tenant)));
    }
    this.unguardedStore = options.store;
    this.storedRows = options.store;
    this.store = guardOperatorStanding(options.store, options.tenant, (operatorId, purpose, action, reason) => this.deny(operatorId, purpose as Purpose, action as Action, undefined, reason));
    this.projectionStore = options.projectionStore ?? new MemoryProjectionStore();
    this.tenant = options.tenant;
    this.clock = options.clock ?? systemClock;
    this.keyStore = options.keyStore;
    this.projections = options.projections ?? ALL_PROJECTIONS;
    this.rules = options.rules ?? defaultRuleSet;
    if (!options.authenticator) throw new DomainError('no-authenticator', 'createEngine needs an authenticator: secretAuthenticator(keyStore), the host\'s own, or hostAuthenticated');
    this.authenticator = options.authenticator;
    this.policy = options.policy ?? decideAccess;
    this.cipher = options.cipher;
    this.fileReaders = options.fileReaders;
    this.printFiles = options.printFiles;
    this.coPaymentExemptions = options.coPaymentExemptions ?? noCoPaymentExemptions;
    this.myNumberResolver = options.myNumberResolver;
    this.certificateSigner = options.certificateSigner;
    this.retentionYears = options.retentionYears ?? 5;
    this.privateProjections = options.privateProjections ?? false;
    this.erasureSteps = options.erasureSteps;
    this.access = new Authorization(this);
    this.eligibility = new EligibilityCache(this, options.eligibilitySnapshots);
    this.verification = new Verification(this, options.verifyScratch);
    this.runner = new ProjectionRunner(this.store, this.projectionStore, this.projections);
    this.runner.onChange((change) => this.eligibility.noteChange(change));
    this.commands = new CommandHandler(this.store, { catchUp: () => this.catchUp() });
    this.firstOperatorCommands = new CommandHandler(this.unguardedStore, { catchUp: () => this.catchUp() });
  }

  /** What a read that opens no row shows of sealed data (the operation log): the keys' clear view, or the data itself. */
  readonly clearView = (data: unknown): unknown => (this.cipher ? this.cipher.clearView(data) : identityClearView(data));

  /** Brings every projection up to the store's head. */
  catchUp(): Promise<CatchUpResult> {
    return this.calls.run(() => this.runner.catchUp());
  }

  metadata(operatorId: string, purpose: Purpose, correlationId: string, source = 'api'): EventMetadata {
    return { operatorId, purpose, correlationId, causationId: null, source };
  }

  /** Loads a stream's state through its decider, reading the stream's events at their current schema version. */
  load<S>(decider: Pick<Decider<unknown, any, S>, 'initialState' | 'evolve'>, stream: string): Promise<{ state: S; revision: bigint | null }> {
    return loadStream(this.store, decider, stream);
  }

  async operatorState(operatorId: string): Promise<OperatorState> {
    return (await this.load(operatorDecider, streams.operator(this.tenant, operatorId))).state;
  }

  // ---- the parts, by the names sessions call them -------------------------------------------------

  /** See Authorization.authorize: the one policy decision of every call, a denial logged before it is raised. */
  authorize(...args: Parameters<Authorization['authorize']>): ReturnType<Authorization['authorize']> {
    return this.access.authorize(...args);
  }

  /** See Authorization.deny. */
  deny(...args: Parameters<Authorization['deny']>): Promise<never> {
    return this.access.deny(...args);
  }

  /** See Authorization.loggableResidentId. */
  loggableResidentId(residentId: string | undefined): Promise<string | undefined> {
    return this.access.loggableResidentId(residentId);
  }

  /** See EligibilityCache.index: the tenant's compiled eligibility index, for sessions after their policy decision. */
  eligibilityIndex() {
    return this.eligibility.index();
  }

  /** See EligibilityCache.docs. */
  eligibilityDocs(): Promise<EligibilityDoc[]> {
    return this.eligibility.docs();
  }

  /** Drops the stored eligibility snapshot and its key: part of every erasure. */
  discardEligibilitySnapshot(): Promise<void> {
    return this.eligibility.discardSnapshot();
  }
}

const contexts = new WeakMap<object, EngineContext>();

/** Binds an engine to its context (the Engine constructor does), for engineContextOf. */
export function bindEngineContext(engine: object, context: EngineContext): void {
  contexts.set(engine, context);
}

/**
 * A test seam: the context behind an engine, so that a test can look at one of its parts (the eligibility cache's
 * reuse of its index) without the Engine exposing it to hosts. Not exported from the package; hosts never call it.
 */
export function engineContextOf(engine: object): EngineContext {
  const context = contexts.get(engine);
  if (!context) throw new DomainError('not-an-engine', 'not an engine made by createEngine');
  return context;
}
