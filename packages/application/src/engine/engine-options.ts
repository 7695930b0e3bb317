import type { Action, Authenticator, Clock, Decision, EventStore, KeyStore, OperatorState, Purpose, RuleSet, StoredRowReader } from '@vaxledger/domain';
import type { AnyProjection, ProjectionStore } from '@vaxledger/projections';
import type { SubjectKeys } from '../ports/subject-keys.ts';
import type { EligibilitySnapshotStore } from '../ports/eligibility-snapshots.ts';
import type { ScratchProjections } from '../ports/scratch-projections.ts';
import type { FileReaders } from '../ports/file-readers.ts';
import type { CoPaymentExemptions } from '../ports/co-payment-exemptions.ts';
import type { PrintFiles } from '../ports/print-files.ts';
import type { MyNumberResolver } from '../ports/my-number-resolver.ts';
import type { CertificateSigner } from '../ports/certificate-signer.ts';
import type { ErasureStep } from './session/erasure.ts';

/**
 * Who may do what: the decision on an operator (as the operators projection knows them), a purpose and an action.
 * The domain's `decideAccess` (deny by default, the table ACTIONS) unless a host gives its own.
 */
export type AccessPolicy = (operator: OperatorState, purpose: Purpose, action: Action) => Decision;

/** What a host composes an engine of (createEngine; openSqliteEngine and openEsdbEngine fill it in for their stores). */
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
  /**
   * The access policy each call is decided by; the domain's `decideAccess` by default. A host with stricter local
   * rules may narrow it; the compliance kit's access property checks a host's engine against the domain's table.
   */
  readonly policy?: AccessPolicy;
  /** The per-subject keys the stores seal with; erasure destroys keys through them. */
  readonly cipher?: SubjectKeys;
  /** The file formats the importers read; imports are refused without them (the adapters' csvFileReaders). */
  readonly fileReaders?: FileReaders;
  /** The printing contractor's keys and print files (the adapters' openpgpPrintFiles); print exports are refused without. */
  readonly printFiles?: PrintFiles;
  /** Who is exempt from a co-payment (免除区分), for claims; none unless a host wires its record of them. */
  readonly coPaymentExemptions?: CoPaymentExemptions;
  /**
   * The city's 団体内統合宛名システム (a 個人番号 → the person it names), for relief intake; a call may give its own
   * (the CLI's --resolver FILE). Without either, a relief claim is refused.
   */
  readonly myNumberResolver?: MyNumberResolver;
  /** Signs certificates as SMART Health Cards (the adapters' HealthCardSigner); without it, `shc` certificates are refused. */
  readonly certificateSigner?: CertificateSigner;
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
