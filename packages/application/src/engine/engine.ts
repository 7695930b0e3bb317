import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  AccessDeniedError, DomainError, PURPOSES, newEventId, currentVersionOf, decideAccess, foldEvents, isValidLocalGovernmentCode, invalidTenantMessage,
  operatorDecider, OPERATOR_ID_PATTERN, parseDomainEvent, streams, systemClock, upcastAndParse,
  type Action, type Clock, type Decider, type DomainEvent, type EventMetadata, type EventStore, type ExpectedRevision, type StoredRowReader,
  type KeyStore, type OperatorState, type Purpose, type RuleSet, defaultRuleSet, INVALID_ID_PLACEHOLDER, ResidentIdSchema,
  type Authenticator, type Credentials, LOCKOUT, type DenialReason, type Role, isErasedData, containsMyNumber, MY_NUMBER_ID_PLACEHOLDER,
} from '@vaxledger/domain';
import {
  ALL_PROJECTIONS, docKey, EligibilityIndex, MemoryProjectionStore, ProjectionRunner, readEligibility, scanEligibility, verifyStore,
  type AnyProjection, type EligibilityDoc, type ProjectionChange, type ProjectionStore, type VerifyReport, type VerifyProgress, type VerifyProblem,
} from '@vaxledger/projections';
import { Session } from './session.ts';
import { hashSecret } from '../security/secret-hash.ts';
import { identityClearView, type SubjectKeys } from '../ports/subject-keys.ts';
import { inEligibilitySnapshot, type EligibilitySnapshotStore } from '../ports/eligibility-snapshots.ts';
import type { ScratchProjections } from '../ports/scratch-projections.ts';
import type { FileReaders } from '../ports/file-readers.ts';
import { residentsNamedSince } from './snapshot-delta.ts';
import { finishPendingErasures, finishRecordedErasures, type RecordedErasure } from './erasure-completion.ts';
import type { ErasureStep } from './session/erasure.ts';
import { guardOperatorStanding } from './operator-standing.ts';
import { CallTracker, trackedCalls } from './call-tracker.ts';

/** Residents whose changed eligibility documents are read one by one into a cached index; more, and it is built afresh. */
const MAX_ELIGIBILITY_PATCH = 100_000;

/** Rows after a snapshot beyond which reading the projection's documents afresh costs less than patching it. */
const MAX_SNAPSHOT_DELTA = 200_000;
/** Rows after a snapshot beyond which a fresh one is kept, so that later processes read fewer. */
const RESNAPSHOT_AFTER = 10_000;

/** The resident a projection key (`tenant/resident`, `tenant/resident/…`, or such a prefix) belongs to; null for another tenant. */
function residentOfKey(tenant: string, key: string): string | null {
  if (!key.startsWith(`${tenant}/`)) return null;
  const end = key.indexOf('/', tenant.length + 1);
  const residentId = key.slice(tenant.length + 1, end < 0 ? undefined : end);
  return residentId.length > 0 ? residentId : null;
}

export interface EngineOptions {
  /**
   * The event store, with its stored rows (both ports: every store here implements them): the rows are what verify,
   * the operation log, the snapshot deltas and the copy exports read.
   */
  readonly store: EventStore & StoredRowReader;
  /** Where projections are kept; in memory when not given (they are rebuilt from the store on first use). */
  readonly projectionStore?: ProjectionStore;
  /** 全国地方公共団体コード of the municipality this engine acts for. */
  readonly tenant: string;
  readonly clock?: Clock;
  readonly keyStore?: KeyStore;
  readonly projections?: readonly AnyProjection[];
  /** The routine schedule; the law as of this release by default (a host may load a changed rule set). */
  readonly rules?: RuleSet;
  /**
   * Who may act: the host's authentication behind a port, always chosen explicitly (there is no default, so that no
   * engine trusts its callers silently). `secretAuthenticator(keyStore)` checks operators' secrets, with the lockout
   * (the CLI's); `hostAuthenticated` trusts the host to have signed on the operator id it passes, and refuses secrets.
   */
  readonly authenticator: Authenticator;
  /** The per-subject keys the stores seal with; erasure destroys keys through them. */
  readonly cipher?: SubjectKeys;
  /** The file formats the importers read; imports are refused without them (the adapters' csvFileReaders). */
  readonly fileReaders?: FileReaders;
  /** Where verify rebuilds projections to compare; in memory when not given (a city's need a file: see adapters). */
  readonly verifyScratch?: ScratchProjections;
  /** How long records are kept after a person leaves (予防接種法施行規則: 5 years). */
  readonly retentionYears?: number;
  /**
   * Where the eligibility index's documents are kept sealed between processes (see EligibilitySnapshots), so that a
   * new process does not open every sealed document of a city before its first extraction. None: always read afresh.
   */
  readonly eligibilitySnapshots?: EligibilitySnapshotStore;
  /**
   * The projections are this process's own, while other processes write to the same store (EventStoreDB): each
   * authorized call first catches them up, so that no call acts on, or shows, a state older than the store's.
   */
  readonly privateProjections?: boolean;
  /**
   * A test seam: told each step of an erasure before it runs (see ERASURE_STEPS). A fault test throws from it; a crash
   * test reports the step to the process that kills it. Hosts leave it out.
   */
  readonly erasureSteps?: (step: ErasureStep) => void | Promise<void>;
}


/** Why a call was refused, as the operation log records it. */
export type RefusalReason = DenialReason | 'authentication-failed' | 'locked' | 'use-suspended' | 'no-credentials' | 'unexpected-credentials';

/** What a denial logs as its action when the operator is refused at sign-in, before any command. */
export const SIGN_IN_ACTION = 'sign-in';

/** `HH:MM JST` of an instant (Japan has no daylight saving time). */
function jstTime(at: Date): string {
  return `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(11, 16)} JST`;
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
  readonly store: EventStore & StoredRowReader;
  /** The store's rows as stored: what verify, the operation log and the reads by position take. */
  readonly storedRows: StoredRowReader;
  /** The store without the operator-standing guard: for the tenant's first operator, who has no standing yet. */
  private readonly unguardedStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly tenant: string;
  readonly clock: Clock;
  readonly keyStore: KeyStore | undefined;
  readonly projections: readonly AnyProjection[];
  readonly rules: RuleSet;
  readonly authenticator: Authenticator;
  readonly cipher: SubjectKeys | undefined;
  readonly fileReaders: FileReaders | undefined;
  private readonly verifyScratch: ScratchProjections | undefined;
  readonly retentionYears: number;
  private readonly runner: ProjectionRunner;
  private readonly eligibilitySnapshots: EligibilitySnapshotStore | undefined;
  private readonly privateProjections: boolean;
  readonly erasureSteps: ((step: ErasureStep) => void | Promise<void>) | undefined;
  /** `tenant/resident` of each erasure this engine found interrupted and finished (finishErasures); verify reports them. */
  private readonly finishedErasures = new Set<string>();

  constructor(options: EngineOptions) {
    if (!isValidLocalGovernmentCode(options.tenant)) {
      throw new DomainError('invalid-tenant', invalidTenantMessage(String(options.tenant)));
    }
    this.unguardedStore = options.store;
    this.storedRows = options.store;
    // Every commit re-checks its operator's standing inside its write transaction (operator-standing.ts).
    this.store = guardOperatorStanding(options.store, options.tenant, (operatorId, purpose, action, reason) => this.deny(operatorId, purpose as Purpose, action as Action, undefined, reason));
    this.projectionStore = options.projectionStore ?? new MemoryProjectionStore();
    this.tenant = options.tenant;
    this.clock = options.clock ?? systemClock;
    this.keyStore = options.keyStore;
    this.projections = options.projections ?? ALL_PROJECTIONS;
    this.rules = options.rules ?? defaultRuleSet;
    if (!options.authenticator) throw new DomainError('no-authenticator', 'createEngine needs an authenticator: secretAuthenticator(keyStore), the host\'s own, or hostAuthenticated');
    this.authenticator = options.authenticator;
    this.cipher = options.cipher;
    this.fileReaders = options.fileReaders;
    this.verifyScratch = options.verifyScratch;
    this.retentionYears = options.retentionYears ?? 5;
    this.eligibilitySnapshots = options.eligibilitySnapshots;
    this.privateProjections = options.privateProjections ?? false;
    this.erasureSteps = options.erasureSteps;
    this.runner = new ProjectionRunner(this.store, this.projectionStore, this.projections);
    this.runner.onChange((change) => this.noteEligibilityChange(change));
  }

  /** What a read that opens no row shows of sealed data (the operation log): the keys' clear view, or the data itself. */
  readonly clearView = (data: unknown): unknown => (this.cipher ? this.cipher.clearView(data) : identityClearView(data));

  /** Calls in progress: what close() waits for before it closes the store. */
  private readonly calls = new CallTracker();

  /** Registers the municipality's first operator, an administrator who may act for every purpose until narrowed. */
  initTenant(adminOperatorId: string, options: { secret?: string } = {}): Promise<void> {
    return this.calls.run(() => this.initTenantNow(adminOperatorId, options));
  }

  private async initTenantNow(adminOperatorId: string, options: { secret?: string }): Promise<void> {
    if (options.secret !== undefined && options.secret.length < 12) throw new DomainError('weak-secret', 'a secret must have at least 12 characters');
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
      undefined, this.unguardedStore,
    );
    if (options.secret !== undefined) {
      if (!this.keyStore) throw new DomainError('no-key-store', 'this engine has no key store to keep secrets in');
      await this.keyStore.putSecretHash(this.tenant, adminOperatorId, await hashSecret(options.secret));
    }
    await this.catchUp();
  }

  /** Acts for one operator and one purpose; the operator authenticates with `credentials`; every call is authorized and logged. */
  session(operatorId: string, purpose: Purpose, credentials?: Credentials): Session {
    if (!(PURPOSES as readonly string[]).includes(purpose)) throw new DomainError('unknown-purpose', `unknown purpose ${JSON.stringify(String(purpose).slice(0, 30))}`);
    // Every method a call the engine keeps track of: close() waits for it, and refuses it once closing.
    return trackedCalls(new Session(this, operatorId, purpose, credentials), Session.prototype, this.calls);
  }

  private eligibilityCache: { checkpoint: number; index: EligibilityIndex } | null = null;
  /** Residents whose eligibility documents changed since the cached index was read; 'all' when that is not known. */
  private eligibilityChanged: Set<string> | 'all' = 'all';

  /** Follows the runner's commits to the eligibility projection, so that a cached index is patched, not rebuilt. */
  private noteEligibilityChange(change: ProjectionChange): void {
    if (change.projection !== 'eligibility' || this.eligibilityChanged === 'all') return;
    if (!change.keys) {
      this.eligibilityChanged = 'all';
      return;
    }
    const changed = this.eligibilityChanged;
    const { upserts, deletes, deletePrefixes } = change.keys;
    for (const list of [upserts, deletes, deletePrefixes]) {
      for (const key of list) {
        const residentId = residentOfKey(this.tenant, key);
        if (residentId !== null) changed.add(residentId);
      }
    }
    // Past this many, one scan of the projection costs less than reading each person.
    if (changed.size > MAX_ELIGIBILITY_PATCH) this.eligibilityChanged = 'all';
  }

  /**
   * The compiled eligibility index of this tenant, kept while the eligibility projection does not move: a host that
   * extracts many times pays the build (reading and opening every document: minutes for a city) once. When residents'
   * documents change, only theirs are read again and patched in; when another process changed the projection, or too
   * many changed, it is built afresh.
   */
  async eligibilityIndex(): Promise<EligibilityIndex> {
    const checkpoint = await this.runner.changedUpTo('eligibility');
    const cached = this.eligibilityCache;
    const changed = this.eligibilityChanged;
    if (cached?.checkpoint === checkpoint && changed !== 'all' && changed.size === 0) return cached.index;
    // Changes committed while this one reads are collected afresh, for the next call.
    this.eligibilityChanged = new Set();
    let index: EligibilityIndex;
    try {
      if (cached && changed !== 'all') {
        const ids = [...changed];
        const docs = await readEligibility(this.projectionStore, this.tenant, ids);
        index = cached.index.withChanges(new Map(ids.map((id) => [id, docs.get(id)])));
      } else {
        index = await this.freshEligibilityIndex();
      }
    } catch (error) {
      // What changed is no longer tracked: the next call builds afresh.
      this.eligibilityChanged = 'all';
      throw error;
    }
    this.eligibilityCache = { checkpoint, index };
    return index;
  }

  /** The index without one in memory: compiled from {@link eligibilityDocs}. */
  private async freshEligibilityIndex(): Promise<EligibilityIndex> {
    return new EligibilityIndex(await this.eligibilityDocs(), this.rules);
  }

  /**
   * Every person the eligibility projection knows, assembled (at least every registered person with a birth date:
   * what extraction and statistics read). From the stored snapshot and the persons named by events since, or else from
   * every document of the projection, which is then kept as the snapshot for the next process. For sessions, which
   * call it after their policy decision and log the read; a host reads through a session.
   */
  async eligibilityDocs(): Promise<EligibilityDoc[]> {
    const snapshots = this.eligibilitySnapshots?.enabled ? this.eligibilitySnapshots : undefined;
    if (snapshots) {
      const fromSnapshot = await this.eligibilityDocsFromSnapshot(snapshots);
      if (fromSnapshot) return fromSnapshot;
    }
    // The erasure count and the checkpoint before the documents: what was read reflects at least these.
    const erasures = snapshots ? await this.cipher!.erasureCount(this.tenant) : 0;
    const position = await this.projectionStore.checkpoint('eligibility');
    const docs = await scanEligibility(this.projectionStore, this.tenant);
    if (snapshots) await this.keepSnapshot(snapshots, position, erasures, docs);
    return docs;
  }

  private async keepSnapshot(snapshots: EligibilitySnapshotStore, position: number, erasures: number, docs: readonly EligibilityDoc[]): Promise<void> {
    await snapshots.save(this.tenant, position, erasures, docs.filter(inEligibilitySnapshot));
  }

  private async eligibilityDocsFromSnapshot(snapshots: EligibilitySnapshotStore): Promise<EligibilityDoc[] | null> {
    const snapshot = await snapshots.load(this.tenant);
    if (!snapshot) return null;
    // Read before the rows: every person changed up to it is among those the rows name (see below).
    const position = await this.projectionStore.checkpoint('eligibility');
    const since = await residentsNamedSince(this.storedRows, this.tenant, snapshot.position, MAX_SNAPSHOT_DELTA);
    if (!since) return null;
    // Everyone named since is read afresh, everyone else is as the snapshot has them: together, as of `position`.
    const changed = await readEligibility(this.projectionStore, this.tenant, [...since.residents]);
    const docs = snapshot.docs.filter((d) => !since.residents.has(d.residentId));
    for (const d of changed.values()) docs.push(d);
    if (since.rows > RESNAPSHOT_AFTER) await this.keepSnapshot(snapshots, position, snapshot.erasures, docs);
    return docs;
  }

  /** Drops the stored eligibility snapshot and its key: part of every erasure. */
  async discardEligibilitySnapshot(): Promise<void> {
    await this.eligibilitySnapshots?.discard(this.tenant);
  }

  /** Brings every projection up to the store's head. */
  async catchUp() {
    return this.calls.run(() => this.runner.catchUp());
  }

  async rebuildProjections() {
    return this.calls.run(() => this.runner.rebuild());
  }

  /**
   * Chain, positions, parsing and every projection against a rebuild from zero. A store in a file is rebuilt into a
   * temporary file (a city's projections do not fit in memory); a store in memory, in memory.
   */
  verify(options: { onProgress?: VerifyProgress } = {}): Promise<VerifyReport> {
    return this.calls.run(() => this.verifyNow(options));
  }

  private async verifyNow(options: { onProgress?: VerifyProgress }): Promise<VerifyReport> {
    // A sealed row whose key is not in the key store is damage to report here, not an erasure (as reads take it).
    const codec = this.cipher?.forVerification();
    // Every recorded erasure is checked against the key store: a key left behind is destroyed and reported.
    const erasures: RecordedErasure[] = [];
    const withErasures = { ...options, onSubjectErased: (e: RecordedErasure) => void erasures.push(e) };
    let report: VerifyReport;
    if (!this.verifyScratch) {
      report = await verifyStore(this.storedRows, this.projectionStore, this.projections, codec, withErasures);
    } else {
      const scratch = this.verifyScratch(codec);
      try {
        report = await verifyStore(this.storedRows, this.projectionStore, this.projections, codec, { ...withErasures, scratch: scratch.store });
      } finally {
        scratch.dispose();
      }
    }
    if (!this.cipher) return report;
    const unfinished = await finishRecordedErasures(this.cipher, erasures, this.finishedErasures);
    if (unfinished.length > 0) await this.discardEligibilitySnapshot();
    return withProblems(report, unfinished);
  }

  /**
   * Finishes erasures that were recorded but interrupted before every key was destroyed (noted as pending in the key
   * store); openSqliteEngine calls it. Returns the residents whose erasure it finished.
   */
  async finishErasures(): Promise<string[]> {
    const finished = await finishPendingErasures(this);
    for (const residentId of finished) this.finishedErasures.add(`${this.tenant}/${residentId}`);
    return finished;
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
    await this.calls.close(timeoutMs);
    await this.store.close();
    // A key store with a file of its own (the default beside a SQLite store) is closed with the engine.
    (this.keyStore as { close?: () => void } | undefined)?.close?.();
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
      revision = e.revision;
      // An erased person's sealed events no longer open; the SubjectErased event that follows them decides the state.
      if (isErasedData(e.data)) continue;
      events.push(upcastAndParse(e.type, e.schemaVersion, e.data));
    }
    return { state: foldEvents(decider, events), revision };
  }

  async operatorState(operatorId: string): Promise<OperatorState> {
    return (await this.load(operatorDecider, streams.operator(this.tenant, operatorId))).state;
  }

  /** Validates every event against its schema, then appends them with ids and metadata. */
  async appendDecided(decision: Decision, metadata: EventMetadata, ids?: readonly string[], store: EventStore = this.store) {
    const events = decision.events.map((e, i) => {
      const parsed = parseDomainEvent(e.type, e.data);
      return { id: ids?.[i] ?? newEventId(), type: parsed.type, schemaVersion: currentVersionOf(parsed.type), data: parsed.data, metadata };
    });
    return store.append(decision.stream, events, { expectedRevision: decision.expectedRevision });
  }

  /** Sign-in proofs this engine issued, and whose: a session given one does not authenticate again. */
  private readonly signIns = new WeakMap<object, string>();

  /**
   * Authenticates an operator before anything else about a call is looked at (the CLI signs in before it reads its
   * arguments), so that a wrong secret gets one answer whatever else is wrong, and is always logged and counted.
   * Returns a proof to pass as the credentials of this operator's sessions; a refusal is logged as a denial of
   * `sign-in` and raised.
   */
  async signIn(operatorId: string, purpose: Purpose, credentials: Credentials | undefined): Promise<Credentials> {
    await this.authenticateOperator(operatorId, purpose, SIGN_IN_ACTION, undefined, credentials ?? {});
    const proof: Credentials = Object.freeze({});
    this.signIns.set(proof, operatorId);
    return proof;
  }

  /**
   * The one policy decision: the operator must exist and be active, then (once per session) authenticate, then serve
   * the purpose in a role that permits the action. A denial is appended to the operation log before the error is
   * raised; if that append fails, the operation fails all the same (nothing happens unlogged). Nothing about the
   * call's arguments is looked at before: an id that is not one is logged as a placeholder. `credentials` null means
   * the session has already authenticated.
   */
  async authorize(operatorId: string, purpose: Purpose, action: Action, residentId: string | undefined, credentials: Credentials | null): Promise<{ readonly roles: readonly Role[]; readonly purposes: readonly Purpose[] }> {
    const operator = await this.authenticateOperator(operatorId, purpose, action, residentId, credentials !== null && this.signIns.get(credentials) === operatorId ? null : credentials);
    const decision = decideAccess(operator, purpose, action);
    if (!decision.allowed) return this.deny(operatorId, purpose, action, residentId, decision.reason);
    return operator as { roles: readonly Role[]; purposes: readonly Purpose[] };
  }

  /** The operator's existence, then (unless `credentials` is null) the authenticator's answer; a refusal is logged and raised. */
  private async authenticateOperator(operatorId: string, purpose: Purpose, action: Action | typeof SIGN_IN_ACTION, residentId: string | undefined, credentials: Credentials | null): Promise<OperatorState> {
    // A session's first call (the one that authenticates) catches the projections up: a store another process or an
    // older version wrote is brought to its head before anything is read from them.
    if (this.privateProjections || credentials !== null) await this.catchUp();
    const operator = await this.operatorState(operatorId);
    if (operator.status === 'none') return this.deny(operatorId, purpose, action, residentId, 'unknown-operator');
    if (operator.status === 'deactivated') return this.deny(operatorId, purpose, action, residentId, 'deactivated');
    if (credentials === null) return operator;
    const answer = await this.authenticator.authenticate(this.tenant, operatorId, credentials);
    if (answer === 'ok') return operator;
    if (typeof answer === 'object') return this.deny(operatorId, purpose, action, residentId, 'locked', answer.lockedUntil);
    return this.deny(operatorId, purpose, action, residentId, answer === 'failed' ? 'authentication-failed' : answer);
  }

  /**
   * Records a refusal in the operation log, then raises it. An id that is not one is recorded as a placeholder; an id
   * holding a 個人番号 is logged (and echoed) as a placeholder, never the number.
   */
  async deny(operatorId: string, purpose: Purpose, action: Action | typeof SIGN_IN_ACTION, residentId: string | undefined, reason: RefusalReason, lockedUntil?: Date): Promise<never> {
    const shownId = containsMyNumber(operatorId) ? MY_NUMBER_ID_PLACEHOLDER : shownOperatorId(operatorId);
    const loggedResident = residentId === undefined || ResidentIdSchema.safeParse(residentId).success ? await this.loggableResidentId(residentId) : INVALID_ID_PLACEHOLDER;
    await this.store.append(
      streams.access(this.tenant, operatorId),
      [{
        id: newEventId(), type: 'AccessDenied', schemaVersion: currentVersionOf('AccessDenied'),
        data: parseDomainEvent('AccessDenied', { action, residentId: loggedResident, reason }).data,
        metadata: this.metadata(shownId, purpose, randomUUID()),
      }],
      { expectedRevision: 'any' },
    );
    await this.catchUp();
    throw new AccessDeniedError(reason, this.denialMessage(shownId, purpose, action, reason, lockedUntil));
  }

  /** One message per reason, never naming the call's other arguments: a script tells the answers apart by it. */
  private denialMessage(operatorId: string, purpose: Purpose, action: string, reason: RefusalReason, lockedUntil?: Date): string {
    const who = `operator ${JSON.stringify(operatorId)}`;
    switch (reason) {
      case 'authentication-failed':
        return `authentication failed (${who})`;
      case 'locked': {
        const until = lockedUntil ?? new Date(this.clock.now().getTime() + LOCKOUT.minutes * 60_000);
        const left = Math.max(1, Math.ceil((until.getTime() - this.clock.now().getTime()) / 60_000));
        return `${who} is locked until ${jstTime(until)} (${left} min more) after repeated failed authentications; an administrator can unlock it`;
      }
      case 'no-credentials':
        return `${who} presented no secret`;
      case 'unexpected-credentials':
        return `a secret was presented for ${who}, but this engine's authenticator (the host's own sign-on) takes none`;
      default:
        return `${who} may not ${action} for ${purpose}: ${reason}`;
    }
  }

  /**
   * The resident id a log entry may name. A 整理番号 keeps its own format (a city's 12-digit numbers pass the My Number
   * check digit one time in eleven), so a registered resident is named whatever their id; an id that holds a
   * 個人番号 and names nobody here is typed input, not a 整理番号, and is left out of the log.
   */
  async loggableResidentId(residentId: string | undefined): Promise<string | undefined> {
    if (residentId === undefined || !containsMyNumber(residentId)) return residentId;
    const key = docKey(this.tenant, residentId);
    return (await this.projectionStore.getDocs('residents', [key])).has(key) ? residentId : undefined;
  }
}

/**
 * An operator id as the log and messages may carry it: a valid one as it is, anything else as a placeholder. An
 * invalid id is what an attacker typed (a line break, an escape sequence, a forged log line): it is never repeated.
 */
export const INVALID_OPERATOR_ID = '(invalid-id)';
const shownOperatorId = (id: string) => (OPERATOR_ID_PATTERN.test(id) ? id : INVALID_OPERATOR_ID);

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}

/** A verification's report with more problems, kept in position order. */
export function withProblems(report: VerifyReport, more: readonly VerifyProblem[]): VerifyReport {
  if (more.length === 0) return report;
  const problems = [...report.problems, ...more].sort((a, b) => a.position - b.position);
  return { ...report, ok: false, problems, firstBadPosition: problems[0]!.position };
}
