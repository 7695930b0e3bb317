import type { Database } from 'better-sqlite3';
import { prefixEnd, ProjectionConflictError, type DocReadOptions, type ProjectionCommit, type ProjectionStore, type StoredDoc } from '@vaxledger/projections';
import { VaxledgerError } from '@vaxledger/domain';
import { ensureSchema } from './sqlite-schema.ts';
import type { SubjectCipher } from '../security/subject-cipher.ts';

/**
 * Projection documents in the event store's own file: a page of documents and its checkpoint commit together. With a
 * cipher, documents that hold a person's items are sealed with that person's key, like the events they come from;
 * a document whose key was destroyed reads as absent.
 */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly stmt;

  constructor(private readonly db: Database, private readonly cipher?: SubjectCipher) {
    if (!db.readonly) ensureSchema(db);
    this.stmt = {
      checkpoint: db.prepare<[string], { position: number; version: number }>('SELECT position, version FROM projection_checkpoints WHERE projection = ?'),
      getDoc: db.prepare<[string, string], { position: number; doc: string }>('SELECT position, doc FROM projection_docs WHERE projection = ? AND key = ?'),
      getDocsIn: db.prepare<[string, string], { key: string; position: number; doc: string }>(
        'SELECT key, position, doc FROM projection_docs WHERE projection = ? AND key IN (SELECT value FROM json_each(?))'),
      // Key ranges from a list of {s: start, e: end}: one statement, each range searched in the (projection, key) index.
      getDocsUnder: db.prepare<[string, string], { key: string; position: number; doc: string }>(
        "SELECT d.key, d.position, d.doc FROM json_each(?) AS j CROSS JOIN projection_docs AS d WHERE d.projection = ? AND d.key >= j.value ->> 's' AND d.key < j.value ->> 'e'"),
      upsert: db.prepare<[string, string, number, string]>(
        'INSERT INTO projection_docs (projection, key, position, doc) VALUES (?, ?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET position = excluded.position, doc = excluded.doc'),
      delete: db.prepare<[string, string]>('DELETE FROM projection_docs WHERE projection = ? AND key = ?'),
      deleteRange: db.prepare<[string, string, string]>('DELETE FROM projection_docs WHERE projection = ? AND key >= ? AND key < ?'),
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

  /**
   * Opens stored documents (fetching the keys they need); a document whose key was destroyed is left out. One that
   * does not open or parse fails the read, unless the caller takes it (DocReadOptions): then the others are still
   * opened, one by one when a key of the page would not unwrap.
   */
  private async open(
    projection: string, rows: ReadonlyArray<{ key: string; position: number; doc: string }>, options: DocReadOptions = {},
  ): Promise<Array<{ key: string; position: number; doc: unknown }>> {
    const cipher = this.cipher;
    let prepared = true;
    if (cipher) {
      try {
        await cipher.prepareStoredDocs(rows.map((r) => [r.key, r.doc] as const));
      } catch (error) {
        if (!options.onUnreadable) throw error;
        prepared = false;
      }
    }
    const out: Array<{ key: string; position: number; doc: unknown }> = [];
    for (const r of rows) {
      try {
        if (cipher && !prepared) await cipher.prepareStoredDocs([[r.key, r.doc]]);
        const text = cipher ? cipher.openDoc(projection, r.key, r.doc) : r.doc;
        if (text !== null) out.push({ key: r.key, position: r.position, doc: JSON.parse(text) });
      } catch (error) {
        if (!options.onUnreadable) throw error;
        // Our errors name no personal data; anything else (a JSON parser's message quotes the text) only by kind.
        options.onUnreadable({ key: r.key, position: r.position, reason: error instanceof VaxledgerError ? error.message : 'the stored text does not parse' });
      }
    }
    return out;
  }

  async getDocs(projection: string, keys: readonly string[], options?: DocReadOptions) {
    // A thousand keys a statement: one round trip into SQLite instead of one per document.
    const rows: Array<{ key: string; position: number; doc: string }> = [];
    for (let i = 0; i < keys.length; i += 1000) rows.push(...this.stmt.getDocsIn.all(projection, JSON.stringify(keys.slice(i, i + 1000))));
    const out = new Map<string, StoredDoc>();
    for (const r of await this.open(projection, rows, options)) out.set(r.key, { doc: r.doc, position: r.position });
    return out;
  }

  async getDocsUnder(projection: string, prefixes: readonly string[]) {
    const rows: Array<{ key: string; position: number; doc: string }> = [];
    for (let i = 0; i < prefixes.length; i += 1000) {
      const ranges = prefixes.slice(i, i + 1000).map((p) => ({ s: p, e: prefixEnd(p) }));
      rows.push(...this.stmt.getDocsUnder.all(JSON.stringify(ranges), projection));
    }
    const out = new Map<string, StoredDoc>();
    for (const r of await this.open(projection, rows)) out.set(r.key, { doc: r.doc, position: r.position });
    return out;
  }

  async commit(commits: readonly ProjectionCommit[]) {
    // Keys are fetched before the transaction (that may wait on the key store); each document is then serialised
    // and sealed as it is written, so that a page of 150,000 documents never exists as text all at once.
    if (this.cipher) {
      for (const c of commits) await this.cipher.prepareDocs(c.projection, [...c.upserts.keys()], true, [...c.upserts.values()].map((v) => v.doc));
    }
    const cipher = this.cipher;
    this.db.transaction(() => {
      for (const c of commits) {
        // Compare-and-set on the checkpoint: documents computed from a stale checkpoint are never written.
        if (this.stmt.setCheckpoint.run(c.checkpoint, c.projection, c.expectedCheckpoint).changes !== 1) throw new ProjectionConflictError(c.projection);
        for (const prefix of c.deletePrefixes ?? []) this.stmt.deleteRange.run(c.projection, prefix, prefixEnd(prefix));
        for (const [k, v] of c.upserts) {
          if (cipher?.docSubjectErased(c.projection, k, v.doc)) {
            this.stmt.delete.run(c.projection, k);
            continue;
          }
          // Plain JSON: verify compares documents after parsing, so the stored text need not be canonical.
          const text = JSON.stringify(v.doc);
          this.stmt.upsert.run(c.projection, k, v.position, cipher ? cipher.sealDoc(c.projection, k, text, v.doc) : text);
        }
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

  async *scan(projection: string, options: { prefix?: string } & DocReadOptions = {}) {
    const prefix = options.prefix ?? '';
    let after = prefix;
    for (;;) {
      const rows = this.stmt.scanAfter.all(projection, after, 1000);
      const inPrefix = rows.filter((r) => r.key.startsWith(prefix) && r.key !== prefix);
      yield* await this.open(projection, inPrefix, options);
      if (rows.length < 1000 || inPrefix.length < rows.length) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  async count(projection: string) {
    return this.stmt.count.get(projection)!.n;
  }
}
