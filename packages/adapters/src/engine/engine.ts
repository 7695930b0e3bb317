import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  AccessDeniedError, DomainError, PURPOSES, newEventId, currentVersionOf, decideAccess, foldEvents, isValidLocalGovernmentCode,
  operatorDecider, parseDomainEvent, streams, systemClock, upcastAndParse,
  type Action, type Clock, type Decider, type DomainEvent, type EventMetadata, type EventStore, type ExpectedRevision,
  type KeyStore, type OperatorState, type Purpose, type RuleSet, defaultRuleSet,
} from '@vaxledger/domain';
import {
  ALL_PROJECTIONS, MemoryProjectionStore, ProjectionRunner, verifyStore,
  type AnyProjection, type ProjectionStore, type VerifyReport,
} from '@vaxledger/projections';
import { Session } from './session.ts';

export interface EngineOptions {
  readonly store: EventStore;
  /** Where projections are kept; in memory when not given (they are rebuilt from the store on first use). */
  readonly projectionStore?: ProjectionStore;
  /** 全国地方公共団体コード of the municipality this engine acts for. */
  readonly tenant: string;
  readonly clock?: Clock;
  readonly keyStore?: KeyStore;
  readonly projections?: readonly AnyProjection[];
  /** The routine schedule; the law as of this release by default (a host may load a changed rule set). */
  readonly rules?: RuleSet;
}

/** What a command appends: events of one stream, decided against that stream's state. */
export interface Decision {
  readonly stream: string;
  readonly events: readonly DomainEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/**
 * The facade a host application embeds. Every operation goes through `session(operator, purpose)`, which passes
 * one policy decision and leaves an operation-log entry, allowed or denied. Integrity checks need no operator.
 */
export class Engine {
  readonly store: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly tenant: string;
  readonly clock: Clock;
  readonly keyStore: KeyStore | undefined;
  readonly projections: readonly AnyProjection[];
  readonly rules: RuleSet;
  private readonly runner: ProjectionRunner;

  constructor(options: EngineOptions) {
    if (!isValidLocalGovernmentCode(options.tenant)) {
      throw new DomainError('invalid-tenant', 'tenant is not a 全国地方公共団体コード (6 digits with a valid check digit)');
    }
    this.store = options.store;
    this.projectionStore = options.projectionStore ?? new MemoryProjectionStore();
    this.tenant = options.tenant;
    this.clock = options.clock ?? systemClock;
    this.keyStore = options.keyStore;
    this.projections = options.projections ?? ALL_PROJECTIONS;
    this.rules = options.rules ?? defaultRuleSet;
    this.runner = new ProjectionRunner(this.store, this.projectionStore, this.projections);
  }

  /** Registers the municipality's first operator, an administrator who may act for every purpose until narrowed. */
  async initTenant(adminOperatorId: string): Promise<void> {
    await this.catchUp();
    for await (const _ of this.projectionStore.scan('operators', { prefix: `${this.tenant}/` })) {
      throw new DomainError('already-initialized', `tenant ${this.tenant} is already initialized`);
    }
    const decided = operatorDecider.decide(
      { type: 'RegisterOperator', operatorId: adminOperatorId, roles: ['administrator'], purposes: [...PURPOSES] },
      operatorDecider.initialState,
    );
    if (E.isLeft(decided)) throw decided.left;
    await this.appendDecided(
      { stream: streams.operator(this.tenant, adminOperatorId), events: decided.right, expectedRevision: 'no_stream' },
      this.metadata(adminOperatorId, 'administration', randomUUID()),
    );
    await this.catchUp();
  }

  /** Acts for one operator and one purpose; every call is authorized and logged. */
  session(operatorId: string, purpose: Purpose): Session {
    if (!(PURPOSES as readonly string[]).includes(purpose)) throw new DomainError('unknown-purpose', `unknown purpose ${JSON.stringify(String(purpose).slice(0, 30))}`);
    return new Session(this, operatorId, purpose);
  }

  /** Brings every projection up to the store's head. */
  async catchUp() {
    return this.runner.catchUp();
  }

  async rebuildProjections() {
    return this.runner.rebuild();
  }

  /** Chain, positions, parsing and every projection against a rebuild from zero. */
  async verify(): Promise<VerifyReport> {
    return verifyStore(this.store, this.projectionStore, this.projections);
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  // ---- internals used by sessions -------------------------------------------------------------

  metadata(operatorId: string, purpose: Purpose, correlationId: string, source = 'api'): EventMetadata {
    return { operatorId, purpose, correlationId, causationId: null, source };
  }

  /** Loads a stream's state through its decider, reading the stream's events at their current schema version. */
  async load<S>(decider: Pick<Decider<unknown, any, S>, 'initialState' | 'evolve'>, stream: string): Promise<{ state: S; revision: bigint | null }> {
    const events: DomainEvent[] = [];
    let revision: bigint | null = null;
    for await (const e of this.store.readStream(stream)) {
      events.push(upcastAndParse(e.type, e.schemaVersion, e.data));
      revision = e.revision;
    }
    return { state: foldEvents(decider, events), revision };
  }

  async operatorState(operatorId: string): Promise<OperatorState> {
    return (await this.load(operatorDecider, streams.operator(this.tenant, operatorId))).state;
  }

  /** Validates every event against its schema, then appends them with ids and metadata. */
  async appendDecided(decision: Decision, metadata: EventMetadata, ids?: readonly string[]) {
    const events = decision.events.map((e, i) => {
      const parsed = parseDomainEvent(e.type, e.data);
      return { id: ids?.[i] ?? newEventId(), type: parsed.type, schemaVersion: currentVersionOf(parsed.type), data: parsed.data, metadata };
    });
    return this.store.append(decision.stream, events, { expectedRevision: decision.expectedRevision });
  }

  /**
   * The one policy decision. A denial is appended to the operation log before the error is raised; if that
   * append fails, the operation fails all the same (nothing happens unlogged).
   */
  async authorize(operatorId: string, purpose: Purpose, action: Action, residentId?: string): Promise<void> {
    const decision = decideAccess(await this.operatorState(operatorId), purpose, action);
    if (decision.allowed) return;
    await this.store.append(
      streams.access(this.tenant, operatorId),
      [{
        id: newEventId(), type: 'AccessDenied', schemaVersion: currentVersionOf('AccessDenied'),
        data: parseDomainEvent('AccessDenied', { action, residentId, reason: decision.reason }).data,
        metadata: this.metadata(operatorId.slice(0, 64) || '(none)', purpose, randomUUID()),
      }],
      { expectedRevision: 'any' },
    );
    await this.catchUp();
    throw new AccessDeniedError(decision.reason, `operator ${JSON.stringify(operatorId.slice(0, 64))} may not ${action} for ${purpose}: ${decision.reason}`);
  }
}

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
