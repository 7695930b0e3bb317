import type { AnyProjection, ProjectedEvent } from '../projection.ts';
import type { ProjectionCommit, ProjectionStore, StoredDoc } from '../projection-store.ts';
import { SeenKeys } from './seen-keys.ts';

/** A document known not to exist (never written, or deleted by the reducer). */
const ABSENT = Symbol('absent');
type Cached = unknown | typeof ABSENT;

/**
 * One projection's documents during a catch-up: read once, folded in memory, written back at each commit.
 * A document touched by many events between two commits is read once and written once, and a document kept in
 * the cache across commits is not read again. Safe because a catch-up's commits are compare-and-set on the
 * checkpoint: if anyone else moves it, the commit is refused and the catch-up starts again with a new cache.
 */
export class ProjectionDocuments {
  /** Key → document, in least-recently-used order (a hit moves the key to the end). */
  private readonly cache = new Map<string, Cached>();
  /** Changed since the last commit: key → position of the last event that changed it. */
  private readonly dirty = new Map<string, number>();
  /** Documents written by this catch-up and since evicted from the cache (only tracked when the projection started empty). */
  private readonly evicted = new SeenKeys();
  /** Key prefixes dropped since the last commit: their stored documents are deleted by it, and never loaded before. */
  private dropped: string[] = [];
  /** The position up to which events have been applied (committed or not). */
  applied: number;

  constructor(
    readonly projection: AnyProjection,
    private readonly store: ProjectionStore,
    /** The checkpoint as stored: a commit expects it. */
    public checkpoint: number,
    /** The projection held no documents when the catch-up began (new or reset): a key never written here is absent. */
    private readonly startedEmpty: boolean,
    private readonly capacity: number,
  ) {
    this.applied = checkpoint;
  }

  /** Loads, in one query, the documents these events need that are not in memory yet. */
  async prefetch(events: readonly ProjectedEvent[], keysOf: ReadonlyMap<ProjectedEvent, readonly string[]>): Promise<void> {
    const missing: string[] = [];
    for (const e of events) {
      if (e.position <= this.applied) continue;
      for (const k of keysOf.get(e) ?? []) {
        if (this.cache.has(k)) {
          // Least recently used last: move a hit to the end.
          const v = this.cache.get(k);
          this.cache.delete(k);
          this.cache.set(k, v);
        } else if ((this.startedEmpty && !this.evicted.mightHave(k)) || this.isDropped(k)) {
          this.cache.set(k, ABSENT);
        } else {
          this.cache.set(k, ABSENT);
          missing.push(k);
        }
      }
    }
    if (missing.length === 0) return;
    const loaded = await this.store.getDocs(this.projection.name, missing);
    for (const [k, stored] of loaded) this.cache.set(k, stored.doc);
  }

  private isDropped(key: string): boolean {
    return this.dropped.length > 0 && this.dropped.some((p) => key.startsWith(p));
  }

  /** Applies one event (its documents were prefetched). */
  apply(e: ProjectedEvent, keys: readonly string[]): void {
    if (e.position <= this.applied) return;
    const drops = this.projection.dropsOf?.(e);
    if (drops) for (const prefix of drops) this.drop(prefix, e.position);
    for (const k of keys) {
      const current = this.cache.get(k);
      const next = this.projection.evolve(current === ABSENT ? undefined : current, e, k);
      this.cache.set(k, next === undefined ? ABSENT : next);
      this.dirty.set(k, e.position);
    }
  }

  /** Ends every document under `prefix`: those in memory now, and those stored (by the next commit). */
  private drop(prefix: string, position: number): void {
    for (const [k, v] of this.cache) {
      if (v !== ABSENT && k.startsWith(prefix)) {
        this.cache.set(k, ABSENT);
        this.dirty.set(k, position);
      }
    }
    // Keys under the prefix that were let go of stay "seen": until the commit they read as absent (isDropped), after
    // it the store has none of them.
    this.dropped.push(prefix);
  }

  /** Documents changed since the last commit. */
  get waiting(): number {
    return this.dirty.size + this.dropped.length;
  }

  /** Marks every event up to `position` as applied (events with no documents for this projection included). */
  advance(position: number): void {
    if (position > this.applied) this.applied = position;
  }

  /** The commit that writes back what changed since the last one, or nothing when the checkpoint has not moved. */
  pendingCommit(): ProjectionCommit | undefined {
    if (this.applied <= this.checkpoint) return undefined;
    const upserts = new Map<string, StoredDoc>();
    const deletes: string[] = [];
    for (const [k, position] of this.dirty) {
      const doc = this.cache.get(k);
      if (doc === ABSENT || doc === undefined) deletes.push(k);
      else upserts.set(k, { doc, position });
    }
    return {
      projection: this.projection.name, expectedCheckpoint: this.checkpoint, checkpoint: this.applied, upserts, deletes,
      ...(this.dropped.length > 0 ? { deletePrefixes: [...this.dropped] } : {}),
    };
  }

  /** After the commit landed: the checkpoint moved, nothing is dirty, and the cache is trimmed to its capacity. */
  committed(): void {
    this.checkpoint = this.applied;
    this.dirty.clear();
    this.dropped = [];
    if (this.cache.size <= this.capacity) return;
    // Evict the least recently used half, so that trimming does not happen at every commit.
    let excess = this.cache.size - Math.floor(this.capacity / 2);
    for (const [k, v] of this.cache) {
      if (excess-- <= 0) break;
      this.cache.delete(k);
      if (this.startedEmpty && v !== ABSENT) this.evicted.add(k);
    }
  }
}
