import { MemoryProjectionStore, replayStoreAsOf, verifyStore, type ProjectionStore, type ReplayedPosition, type VerifyProblem, type VerifyProgress, type VerifyReport } from '@vaxledger/projections';
import type { ScratchProjections } from '../ports/scratch-projections.ts';
import { finishPendingErasures, finishRecordedErasures, type RecordedErasure } from './erasure-completion.ts';
import type { EngineContext } from './engine-context.ts';

/**
 * The engine's integrity checks: verify (chain, positions, parsing, projections against a rebuild) and the erasures
 * it finishes, at open and when verify finds a key an erasure left behind.
 */
export class Verification {
  /** `tenant/resident` of each erasure this engine found interrupted and finished (finishErasures); verify reports them. */
  private readonly finishedErasures = new Set<string>();

  constructor(private readonly engine: EngineContext, private readonly scratch: ScratchProjections | undefined) {}

  /**
   * Chain, positions, parsing and every projection against a rebuild from zero. A store in a file is rebuilt into a
   * temporary file (a city's projections do not fit in memory); a store in memory, in memory.
   */
  async verify(options: { onProgress?: VerifyProgress }): Promise<VerifyReport> {
    const { cipher, storedRows, projectionStore, projections } = this.engine;
    // A sealed row whose key is not in the key store is damage to report here, not an erasure (as reads take it).
    const codec = cipher?.forVerification();
    // Every recorded erasure is checked against the key store: a key left behind is destroyed and reported.
    const erasures: RecordedErasure[] = [];
    const withErasures = { ...options, onSubjectErased: (e: RecordedErasure) => void erasures.push(e) };
    let report: VerifyReport;
    if (!this.scratch) {
      report = await verifyStore(storedRows, projectionStore, projections, codec, withErasures);
    } else {
      const scratch = this.scratch(codec);
      try {
        report = await verifyStore(storedRows, projectionStore, projections, codec, { ...withErasures, scratch: scratch.store });
      } finally {
        scratch.dispose();
      }
    }
    if (!cipher) return report;
    const unfinished = await finishRecordedErasures(cipher, erasures, this.finishedErasures);
    if (unfinished.length > 0) await this.engine.discardEligibilitySnapshot();
    return withProblems(report, unfinished);
  }

  /**
   * The projections as the store knew them at `instant`, folded from zero into the scratch store `verify` uses (a
   * temporary file for a store in a file), handed to `read`, then thrown away. Rows are opened as reads open them: an
   * erased person's sealed items stay closed.
   */
  async replayAsOf<T>(instant: string, read: (store: ProjectionStore, at: ReplayedPosition) => Promise<T>): Promise<T> {
    const { cipher, storedRows, projections } = this.engine;
    const scratch = this.scratch ? this.scratch(cipher) : { store: new MemoryProjectionStore(), dispose: () => undefined };
    try {
      const at = await replayStoreAsOf(storedRows, projections, cipher, scratch.store, instant);
      return await read(scratch.store, at);
    } finally {
      scratch.dispose();
    }
  }

  /**
   * Finishes erasures that were recorded but interrupted before every key was destroyed (noted as pending in the key
   * store); openSqliteEngine calls it. Returns the residents whose erasure it finished.
   */
  async finishErasures(): Promise<string[]> {
    const finished = await finishPendingErasures(this.engine);
    for (const residentId of finished) this.finishedErasures.add(`${this.engine.tenant}/${residentId}`);
    return finished;
  }
}

/** A verification's report with more problems, kept in position order. */
export function withProblems(report: VerifyReport, more: readonly VerifyProblem[]): VerifyReport {
  if (more.length === 0) return report;
  const problems = [...report.problems, ...more].sort((a, b) => a.position - b.position);
  return { ...report, ok: false, problems, firstBadPosition: problems[0]!.position };
}
