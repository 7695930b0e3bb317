import type { Database } from 'better-sqlite3';
import { canonicalJson } from '@vaxledger/domain';
import { ProjectionConflictError, type ProjectionCommit, type ProjectionStore, type StoredDoc } from '@vaxledger/projections';
import { ensureSchema } from './sqlite-schema.ts';

/** Projection documents in the event store's own file: a page of documents and its checkpoint commit together. */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly stmt;

  constructor(private readonly db: Database) {
    if (!db.readonly) ensureSchema(db);
    this.stmt = {
      checkpoint: db.prepare<[string], { position: number; version: number }>('SELECT position, version FROM projection_checkpoints WHERE projection = ?'),
      getDoc: db.prepare<[string, string], { position: number; doc: string }>('SELECT position, doc FROM projection_docs WHERE projection = ? AND key = ?'),
      upsert: db.prepare<[string, string, number, string]>(
        'INSERT INTO projection_docs (projection, key, position, doc) VALUES (?, ?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET position = excluded.position, doc = excluded.doc'),
      delete: db.prepare<[string, string]>('DELETE FROM projection_docs WHERE projection = ? AND key = ?'),
      setCheckpoint: db.prepare<[number, string, number]>('UPDATE projection_checkpoints SET position = ? WHERE projection = ? AND position = ?'),
      resetDocs: db.prepare<[string]>('DELETE FROM projection_docs WHERE projection = ?'),
      resetCheckpoint: db.prepare<[string, number]>(
        'INSERT INTO projection_checkpoints (projection, position, version) VALUES (?, 0, ?) ON CONFLICT (projection) DO UPDATE SET position = 0, version = excluded.version'),
      scanAfter: db.prepare<[string, string, number], { key: string; position: number; doc: string }>(
        'SELECT key, position, doc FROM projection_docs WHERE projection = ? AND key > ? ORDER BY key LIMIT ?'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM projection_docs WHERE projection = ?'),
    };
  }

  async checkpoint(projection: string) {
    return this.stmt.checkpoint.get(projection)?.position ?? 0;
  }

  async version(projection: string) {
    return this.stmt.checkpoint.get(projection)?.version ?? null;
  }

  async getDocs(projection: string, keys: readonly string[]) {
    const out = new Map<string, StoredDoc>();
    for (const key of keys) {
      const row = this.stmt.getDoc.get(projection, key);
      if (row) out.set(key, { doc: JSON.parse(row.doc), position: row.position });
    }
    return out;
  }

  async commit(commits: readonly ProjectionCommit[]) {
    // Serialise before the transaction opens, so the write lock is held only for the writes.
    const rows = commits.map((c) => ({ c, docs: [...c.upserts].map(([k, v]) => [k, v.position, canonicalJson(v.doc)] as const) }));
    this.db.transaction(() => {
      for (const { c, docs } of rows) {
        // Compare-and-set on the checkpoint: documents computed from a stale checkpoint are never written.
        if (this.stmt.setCheckpoint.run(c.checkpoint, c.projection, c.expectedCheckpoint).changes !== 1) throw new ProjectionConflictError(c.projection);
        for (const [k, position, text] of docs) this.stmt.upsert.run(c.projection, k, position, text);
        for (const k of c.deletes) this.stmt.delete.run(c.projection, k);
      }
    }).immediate();
  }

  async reset(projection: string, version: number) {
    this.db.transaction(() => {
      this.stmt.resetDocs.run(projection);
      this.stmt.resetCheckpoint.run(projection, version);
    }).immediate();
  }

  async *scan(projection: string, options: { prefix?: string } = {}) {
    const prefix = options.prefix ?? '';
    let after = prefix;
    for (;;) {
      const rows = this.stmt.scanAfter.all(projection, after, 1000);
      for (const r of rows) {
        if (!r.key.startsWith(prefix)) return;
        if (r.key === prefix) continue;
        yield { key: r.key, position: r.position, doc: JSON.parse(r.doc) };
      }
      if (rows.length < 1000) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  async count(projection: string) {
    return this.stmt.count.get(projection)!.n;
  }
}
