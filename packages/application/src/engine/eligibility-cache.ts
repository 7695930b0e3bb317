import { EligibilityIndex, readEligibility, scanEligibility, type EligibilityDoc, type ProjectionChange } from '@vaxledger/projections';
import { inEligibilitySnapshot, type EligibilitySnapshotStore } from '../ports/eligibility-snapshots.ts';
import { residentsNamedSince } from './snapshot-delta.ts';
import type { EngineContext } from './engine-context.ts';

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

/**
 * The tenant's eligibility, kept between extractions: the compiled index in memory (patched with the residents whose
 * documents changed), and the documents sealed in a snapshot between processes (EligibilitySnapshots).
 */
export class EligibilityCache {
  private cached: { checkpoint: number; index: EligibilityIndex } | null = null;
  /** Residents whose eligibility documents changed since the cached index was read; 'all' when that is not known. */
  private changed: Set<string> | 'all' = 'all';

  constructor(private readonly engine: EngineContext, private readonly snapshots: EligibilitySnapshotStore | undefined) {}

  /** Follows the runner's commits to the eligibility projection, so that a cached index is patched, not rebuilt. */
  noteChange(change: ProjectionChange): void {
    if (change.projection !== 'eligibility' || this.changed === 'all') return;
    if (!change.keys) {
      this.changed = 'all';
      return;
    }
    const changed = this.changed;
    const { upserts, deletes, deletePrefixes } = change.keys;
    for (const list of [upserts, deletes, deletePrefixes]) {
      for (const key of list) {
        const residentId = residentOfKey(this.engine.tenant, key);
        if (residentId !== null) changed.add(residentId);
      }
    }
    // Past this many, one scan of the projection costs less than reading each person.
    if (changed.size > MAX_ELIGIBILITY_PATCH) this.changed = 'all';
  }

  /**
   * The compiled eligibility index of this tenant, kept while the eligibility projection does not move: a host that
   * extracts many times pays the build (reading and opening every document: minutes for a city) once. When residents'
   * documents change, only theirs are read again and patched in; when another process changed the projection, or too
   * many changed, it is built afresh.
   */
  async index(): Promise<EligibilityIndex> {
    const checkpoint = await this.engine.runner.changedUpTo('eligibility');
    const cached = this.cached;
    const changed = this.changed;
    if (cached?.checkpoint === checkpoint && changed !== 'all' && changed.size === 0) return cached.index;
    // Changes committed while this one reads are collected afresh, for the next call.
    this.changed = new Set();
    let index: EligibilityIndex;
    try {
      if (cached && changed !== 'all') {
        const ids = [...changed];
        const docs = await readEligibility(this.engine.projectionStore, this.engine.tenant, ids);
        index = cached.index.withChanges(new Map(ids.map((id) => [id, docs.get(id)])));
      } else {
        index = await this.freshIndex();
      }
    } catch (error) {
      // What changed is no longer tracked: the next call builds afresh.
      this.changed = 'all';
      throw error;
    }
    this.cached = { checkpoint, index };
    return index;
  }

  /** The index without one in memory: compiled from {@link docs}. */
  private async freshIndex(): Promise<EligibilityIndex> {
    return new EligibilityIndex(await this.docs(), this.engine.rules);
  }

  /**
   * Every person the eligibility projection knows, assembled (at least every registered person with a birth date:
   * what extraction and statistics read). From the stored snapshot and the persons named by events since, or else from
   * every document of the projection, which is then kept as the snapshot for the next process. For sessions, which
   * call it after their policy decision and log the read; a host reads through a session.
   */
  async docs(): Promise<EligibilityDoc[]> {
    const snapshots = this.snapshots?.enabled ? this.snapshots : undefined;
    if (snapshots) {
      const fromSnapshot = await this.docsFromSnapshot(snapshots);
      if (fromSnapshot) return fromSnapshot;
    }
    // The erasure count and the checkpoint before the documents: what was read reflects at least these.
    const erasures = snapshots ? await this.engine.cipher!.erasureCount(this.engine.tenant) : 0;
    const position = await this.engine.projectionStore.checkpoint('eligibility');
    const docs = await scanEligibility(this.engine.projectionStore, this.engine.tenant);
    if (snapshots) await this.keepSnapshot(snapshots, position, erasures, docs);
    return docs;
  }

  private async keepSnapshot(snapshots: EligibilitySnapshotStore, position: number, erasures: number, docs: readonly EligibilityDoc[]): Promise<void> {
    await snapshots.save(this.engine.tenant, position, erasures, docs.filter(inEligibilitySnapshot));
  }

  private async docsFromSnapshot(snapshots: EligibilitySnapshotStore): Promise<EligibilityDoc[] | null> {
    const tenant = this.engine.tenant;
    const snapshot = await snapshots.load(tenant);
    if (!snapshot) return null;
    // Read before the rows: every person changed up to it is among those the rows name (see below).
    const position = await this.engine.projectionStore.checkpoint('eligibility');
    const since = await residentsNamedSince(this.engine.storedRows, tenant, snapshot.position, MAX_SNAPSHOT_DELTA);
    if (!since) return null;
    // Everyone named since is read afresh, everyone else is as the snapshot has them: together, as of `position`.
    const changed = await readEligibility(this.engine.projectionStore, tenant, [...since.residents]);
    const docs = snapshot.docs.filter((d) => !since.residents.has(d.residentId));
    for (const d of changed.values()) docs.push(d);
    if (since.rows > RESNAPSHOT_AFTER) await this.keepSnapshot(snapshots, position, snapshot.erasures, docs);
    return docs;
  }

  /** Drops the stored eligibility snapshot and its key: part of every erasure. */
  async discardSnapshot(): Promise<void> {
    await this.snapshots?.discard(this.engine.tenant);
  }
}
