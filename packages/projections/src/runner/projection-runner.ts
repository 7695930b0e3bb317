import type { EventStore, StoredRowReader } from '@vaxledger/domain';
import type { AnyProjection, ProjectedEvent } from '../projection.ts';
import { ProjectionConflictError, type ProjectionCommit, type ProjectionStore } from '../projection-store.ts';
import { ProjectionDocuments } from './document-cache.ts';
import { readProjected } from './projected-events.ts';

export interface CatchUpResult {
  readonly processed: number;
  readonly position: number;
}

export interface RunnerOptions {
  /**
   * Changed documents a projection holds in memory before it commits them (the operation log, one document an event,
   * commits every this many events). Larger pages mean fewer transactions and fewer rewrites of a document, more memory.
   */
  readonly pageSize?: number;
  /**
   * Events after which a projection commits even with fewer changed documents than a page: what a crash in the
   * middle of a long catch-up may have to redo. Default: ten pages.
   */
  readonly maxEventsBetweenCommits?: number;
  /** Documents per projection kept in memory across commits (least recently used are dropped first). */
  readonly cacheDocs?: number;
  readonly onProgress?: (position: number) => void;
}

/** What a commit changed in one projection, for caches built on its documents (see {@link ProjectionRunner.onChange}). */
export interface ProjectionChange {
  readonly projection: string;
  /** The projection's checkpoint after the change. */
  readonly position: number;
  /**
   * The keys this runner wrote or deleted and the prefixes it dropped. Absent when the projection changed in ways this
   * runner cannot list: another process moved its checkpoint, or it was reset.
   */
  readonly keys?: { readonly upserts: readonly string[]; readonly deletes: readonly string[]; readonly deletePrefixes: readonly string[] };
}

/** Events whose documents are loaded with one query: what one read of the event store returns. */
const CHUNK = 2000;

/**
 * Keeps projections up to date with the store: reads from the lowest checkpoint, applies each event to the
 * projections that have not seen it, and commits documents and checkpoints together, page by page. Between commits
 * the documents stay in memory ({@link ProjectionDocuments}), so a document is read and written once per page at most.
 */
export class ProjectionRunner {
  private readonly pageSize: number;
  private readonly maxEvents: number;
  private readonly cacheDocs: number;
  /** Catch-ups in this process run one after another; other processes are held off by the checkpoint compare-and-set. */
  private running: Promise<unknown> = Promise.resolve();
  /** The last position at which each projection's documents changed, as seen by this runner (in memory). */
  private readonly lastChanges = new Map<string, number>();
  /** Each projection's checkpoint as this runner last read or left it: any other stored value was written by someone else. */
  private readonly knownCheckpoints = new Map<string, number>();
  private readonly listeners = new Set<(change: ProjectionChange) => void>();

  constructor(
    /** The events to project, and the stored rows their previous chain hashes are read from. */
    private readonly store: EventStore & StoredRowReader,
    private readonly projectionStore: ProjectionStore,
    readonly projections: readonly AnyProjection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 50_000;
    this.maxEvents = options.maxEventsBetweenCommits ?? 10 * this.pageSize;
    this.cacheDocs = options.cacheDocs ?? 50_000;
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
    const states: ProjectionDocuments[] = [];
    for (const p of this.projections) {
      const version = await this.projectionStore.version(p.name);
      if (version !== p.version) await this.projectionStore.reset(p.name, p.version);
      const checkpoint = await this.projectionStore.checkpoint(p.name);
      this.noticeStoredCheckpoint(p.name, checkpoint);
      // A checkpoint of 0 means no commit has landed since the projection was created or reset: it holds no documents.
      states.push(new ProjectionDocuments(p, this.projectionStore, checkpoint, checkpoint === 0, this.cacheDocs));
    }
    const from = Math.min(...states.map((s) => s.checkpoint));
    const chunkSize = Math.min(CHUNK, this.pageSize);
    let processed = 0;
    let position = from;
    let chunk: ProjectedEvent[] = [];
    const applyChunk = async () => {
      await this.applyChunk(chunk, states);
      processed += chunk.length;
      position = chunk[chunk.length - 1]!.position;
      chunk = [];
      // Each projection commits when its page of changed documents is full (or after many events), not all at once:
      // a ledger of a town whose documents all fit in memory is then written once or twice, not at every page of the log.
      const due = states.filter((s) => s.waiting >= this.pageSize || s.applied - s.checkpoint >= this.maxEvents);
      if (due.length > 0) {
        await this.commit(states, due);
        this.options.onProgress?.(position);
      }
    };
    for await (const e of readProjected(this.store, from)) {
      chunk.push(e);
      if (chunk.length >= chunkSize) await applyChunk();
    }
    if (chunk.length > 0) await applyChunk();
    await this.commit(states, states);
    return { processed, position };
  }

  private async applyChunk(chunk: readonly ProjectedEvent[], states: readonly ProjectionDocuments[]): Promise<void> {
    const last = chunk[chunk.length - 1]!.position;
    for (const state of states) {
      if (state.applied >= last) continue;
      const keysOf = new Map<ProjectedEvent, readonly string[]>();
      const drops = state.projection.dropsOf !== undefined;
      for (const e of chunk) {
        const keys = state.projection.keysOf(e);
        if (keys.length > 0 || (drops && state.projection.dropsOf!(e).length > 0)) keysOf.set(e, keys);
      }
      await state.prefetch(chunk, keysOf);
      for (const [e, keys] of keysOf) state.apply(e, keys);
      state.advance(last);
    }
  }

  /** Commits the projections `due`, and moves the checkpoint of every other projection that has nothing waiting. */
  private async commit(states: readonly ProjectionDocuments[], due: readonly ProjectionDocuments[]): Promise<void> {
    const commits: ProjectionCommit[] = [];
    const committing = states.filter((s) => due.includes(s) || s.waiting === 0);
    for (const state of committing) {
      const c = state.pendingCommit();
      if (c === undefined) continue;
      commits.push(c);
      if (c.upserts.size > 0 || c.deletes.length > 0) this.lastChanges.set(c.projection, c.checkpoint);
    }
    if (commits.length === 0) return;
    await this.projectionStore.commit(commits);
    for (const state of committing) state.committed();
    for (const c of commits) {
      this.knownCheckpoints.set(c.projection, c.checkpoint);
      if (c.upserts.size === 0 && c.deletes.length === 0 && (c.deletePrefixes ?? []).length === 0) continue;
      this.emit({ projection: c.projection, position: c.checkpoint, keys: { upserts: [...c.upserts.keys()], deletes: c.deletes, deletePrefixes: c.deletePrefixes ?? [] } });
    }
  }

  /**
   * A checkpoint found in the store other than the one this runner last saw or left means another process (another
   * engine on the same file) moved the projection, or it was reset: its documents changed in ways not known here.
   */
  private noticeStoredCheckpoint(projection: string, checkpoint: number): void {
    const known = this.knownCheckpoints.get(projection);
    this.knownCheckpoints.set(projection, checkpoint);
    if (known === undefined || known === checkpoint) return;
    this.lastChanges.set(projection, checkpoint);
    this.emit({ projection, position: checkpoint });
  }

  private emit(change: ProjectionChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /**
   * Calls `listener` after every commit that changed a projection's documents (with the keys) and whenever this runner
   * finds that someone else changed one (without keys). Returns the function that stops it.
   */
  onChange(listener: (change: ProjectionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A position after which the projection's documents have not changed, for caches built on them: exact for changes
   * this runner made; for changes made elsewhere, the checkpoint at which this runner noticed them (its next catch-up).
   */
  async changedUpTo(projection: string): Promise<number> {
    let last = this.lastChanges.get(projection);
    if (last === undefined) {
      // Nothing seen yet: what is stored now is the reference; from here on this runner sees every change it applies,
      // and notices a checkpoint someone else moved when it next catches up.
      last = await this.projectionStore.checkpoint(projection);
      this.lastChanges.set(projection, last);
      if (!this.knownCheckpoints.has(projection)) this.knownCheckpoints.set(projection, last);
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
}
