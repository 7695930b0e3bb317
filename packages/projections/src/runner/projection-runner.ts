import type { EventStore } from '@vaxledger/domain';
import type { AnyProjection, ProjectedEvent } from '../projection.ts';
import { ProjectionConflictError, type ProjectionCommit, type ProjectionStore, type StoredDoc } from '../projection-store.ts';
import { readProjected } from './projected-events.ts';

export interface CatchUpResult {
  readonly processed: number;
  readonly position: number;
}

export interface RunnerOptions {
  /** Events per commit: larger pages mean fewer transactions, more memory. */
  readonly pageSize?: number;
  readonly onProgress?: (position: number) => void;
}

/**
 * Keeps projections up to date with the store: reads from the lowest checkpoint, applies each event to the
 * projections that have not seen it, and commits documents and checkpoints together, page by page.
 */
export class ProjectionRunner {
  private readonly pageSize: number;
  /** Catch-ups in this process run one after another; other processes are held off by the checkpoint compare-and-set. */
  private running: Promise<unknown> = Promise.resolve();
  /** The last position at which each projection's documents changed, as seen by this runner (in memory). */
  private readonly lastChanges = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    private readonly projectionStore: ProjectionStore,
    readonly projections: readonly AnyProjection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 5000;
  }

  /** Rebuilds any projection stored at another version, then catches every projection up. */
  catchUp(): Promise<CatchUpResult> {
    const run = this.running.then(() => this.catchUpRetrying());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async catchUpRetrying(): Promise<CatchUpResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.catchUpOnce();
      } catch (error) {
        if (!(error instanceof ProjectionConflictError) || attempt >= 20) throw error;
      }
    }
  }

  private async catchUpOnce(): Promise<CatchUpResult> {
    const checkpoints = new Map<string, number>();
    for (const p of this.projections) {
      const version = await this.projectionStore.version(p.name);
      if (version !== p.version) await this.projectionStore.reset(p.name, p.version);
      checkpoints.set(p.name, await this.projectionStore.checkpoint(p.name));
    }
    const from = Math.min(...checkpoints.values());
    let processed = 0;
    let position = from;
    let page: ProjectedEvent[] = [];
    for await (const e of readProjected(this.store, from)) {
      page.push(e);
      if (page.length >= this.pageSize) {
        await this.applyPage(page, checkpoints);
        processed += page.length;
        position = page[page.length - 1]!.position;
        this.options.onProgress?.(position);
        page = [];
      }
    }
    if (page.length > 0) {
      await this.applyPage(page, checkpoints);
      processed += page.length;
      position = page[page.length - 1]!.position;
    }
    return { processed, position };
  }

  /**
   * A position after which the projection's documents have not changed, for caches built on them: exact for changes
   * this runner made, and the checkpoint (conservative) for what it has not seen change.
   */
  async changedUpTo(projection: string): Promise<number> {
    let last = this.lastChanges.get(projection);
    if (last === undefined) {
      // Nothing seen yet: what is stored now is the reference; from here on this runner sees every change it applies.
      last = await this.projectionStore.checkpoint(projection);
      this.lastChanges.set(projection, last);
    }
    return last;
  }

  /** Forgets every projection and replays the whole store. */
  rebuild(): Promise<CatchUpResult> {
    const run = this.running.then(async () => {
      for (const p of this.projections) await this.projectionStore.reset(p.name, p.version);
      return this.catchUpRetrying();
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  private async applyPage(page: readonly ProjectedEvent[], checkpoints: Map<string, number>): Promise<void> {
    const last = page[page.length - 1]!.position;
    const commits: ProjectionCommit[] = [];
    for (const projection of this.projections) {
      const checkpoint = checkpoints.get(projection.name)!;
      if (checkpoint >= last) continue;
      const keyed: Array<[ProjectedEvent, readonly string[]]> = [];
      const keys = new Set<string>();
      for (const e of page) {
        if (e.position <= checkpoint) continue;
        const ks = projection.keysOf(e);
        if (ks.length === 0) continue;
        keyed.push([e, ks]);
        for (const k of ks) keys.add(k);
      }
      const loaded = projection.appendOnly ? new Map<string, StoredDoc>() : await this.projectionStore.getDocs(projection.name, [...keys]);
      const docs = new Map<string, unknown>();
      for (const [k, v] of loaded) docs.set(k, v.doc);
      const touched = new Map<string, number>();
      for (const [e, ks] of keyed) {
        for (const k of ks) {
          const next = projection.evolve(docs.get(k), e, k);
          if (next === undefined) docs.delete(k);
          else docs.set(k, next);
          touched.set(k, e.position);
        }
      }
      const upserts = new Map<string, StoredDoc>();
      const deletes: string[] = [];
      for (const [k, position] of touched) {
        if (docs.has(k)) upserts.set(k, { doc: docs.get(k), position });
        else if (loaded.has(k)) deletes.push(k);
      }
      commits.push({ projection: projection.name, expectedCheckpoint: checkpoint, checkpoint: last, upserts, deletes });
      if (upserts.size > 0 || deletes.length > 0) this.lastChanges.set(projection.name, last);
      checkpoints.set(projection.name, last);
    }
    if (commits.length > 0) await this.projectionStore.commit(commits);
  }
}
