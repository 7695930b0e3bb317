import { canonicalJson } from '@vaxledger/domain';
import { ProjectionConflictError, type ProjectionCommit, type ProjectionStore, type StoredDoc } from './projection-store.ts';

/**
 * Projections in memory. Documents are kept as JSON text, as a database would keep them, so that what is read
 * back is a copy and a comparison with a stored projection compares like with like.
 */
export class MemoryProjectionStore implements ProjectionStore {
  private readonly docs = new Map<string, Map<string, { text: string; position: number }>>();
  private readonly checkpoints = new Map<string, number>();
  private readonly versions = new Map<string, number>();

  private table(projection: string) {
    let t = this.docs.get(projection);
    if (!t) {
      t = new Map();
      this.docs.set(projection, t);
    }
    return t;
  }

  async checkpoint(projection: string) {
    return this.checkpoints.get(projection) ?? 0;
  }

  async version(projection: string) {
    return this.versions.get(projection) ?? null;
  }

  async getDocs(projection: string, keys: readonly string[]) {
    const t = this.table(projection);
    const out = new Map<string, StoredDoc>();
    for (const k of keys) {
      const v = t.get(k);
      if (v) out.set(k, { doc: JSON.parse(v.text), position: v.position });
    }
    return out;
  }

  async getDocsUnder(projection: string, prefixes: readonly string[]) {
    const t = this.table(projection);
    const out = new Map<string, StoredDoc>();
    for (const [k, v] of t) if (prefixes.some((p) => k.startsWith(p))) out.set(k, { doc: JSON.parse(v.text), position: v.position });
    return out;
  }

  async commit(commits: readonly ProjectionCommit[]) {
    for (const c of commits) {
      if ((this.checkpoints.get(c.projection) ?? 0) !== c.expectedCheckpoint) throw new ProjectionConflictError(c.projection);
    }
    // Serialise everything first, so that a failure leaves nothing half-applied.
    const staged = commits.map((c) => ({ c, rows: [...c.upserts].map(([k, v]) => [k, { text: canonicalJson(v.doc), position: v.position }] as const) }));
    for (const { c, rows } of staged) {
      const t = this.table(c.projection);
      for (const prefix of c.deletePrefixes ?? []) for (const k of [...t.keys()]) if (k.startsWith(prefix)) t.delete(k);
      for (const [k, v] of rows) t.set(k, v);
      for (const k of c.deletes) t.delete(k);
      this.checkpoints.set(c.projection, c.checkpoint);
    }
  }

  async reset(projection: string, version: number) {
    this.docs.delete(projection);
    this.checkpoints.delete(projection);
    this.versions.set(projection, version);
  }

  async *scan(projection: string, options: { prefix?: string } = {}) {
    const t = this.table(projection);
    const keys = [...t.keys()].filter((k) => !options.prefix || k.startsWith(options.prefix)).sort();
    for (const key of keys) {
      const v = t.get(key);
      if (v) yield { key, doc: JSON.parse(v.text), position: v.position };
    }
  }

  async count(projection: string) {
    return this.table(projection).size;
  }
}
