import { randomPool } from './random-pool.ts';
import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { KeyStore, LockoutLimit, SigningKeyEntry } from '@vaxledger/domain';
import { createMarkedFile, KEY_FILE_APPLICATION_ID, keyFileRefused, readSqliteHeader } from '../stores/store-file.ts';
import { NO_ATTEMPTS, reserveAttempt, settleAttempt, type AttemptState, type Reservation } from './lockout.ts';

/** Subjects' wrapped keys (an empty value is an erasure's tombstone). Also what the benchmark's registry floor writes to. */
export const SUBJECT_KEYS_DDL =
  'CREATE TABLE IF NOT EXISTS subject_keys (tenant TEXT NOT NULL, subject TEXT NOT NULL, wrapped BLOB NOT NULL, PRIMARY KEY (tenant, subject)) WITHOUT ROWID';

/**
 * The default key store: a file of its own beside the database (`<db>.keys`, an SQLite file readable by its owner
 * only). Keys never go into the database file, so a copy of the database (or its WAL) is useless without this file,
 * and destroying a subject's key here erases that person wherever the database went. `secure_delete` overwrites a
 * destroyed key's bytes, and a rollback journal (not a WAL) keeps no old copy once a transaction ends.
 *
 * The file is part of its store: only `init` creates one (`create: true`), with a random fingerprint that the store
 * records; a missing file, or one that is not a key file, is refused, never replaced by a new empty one (which would
 * make everything sealed read as erased).
 */
export class FileKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly stmt;

  /** A random id given to the key file when it is created; the store records it (see open-sqlite-engine.ts). */
  readonly fingerprint: string;

  constructor(readonly file: string, options: { create?: boolean } = {}) {
    if (options.create) createMarkedFile(file, KEY_FILE_APPLICATION_ID);
    else if (!existsSync(file)) throw keyFileRefused(file);
    const header = readSqliteHeader(file);
    // A key file made before key files were marked has no application_id, and gets one (and a fingerprint) below.
    if (header === null || (header.applicationId !== KEY_FILE_APPLICATION_ID && header.applicationId !== 0)) throw keyFileRefused(file);
    // Readable by its owner only, whatever a copy or a restore left it with.
    chmodSync(file, 0o600);
    this.db = new Database(file, { fileMustExist: true });
    try {
      if (header.applicationId === 0) {
        const tables = this.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
        if (!tables.includes('tenant_keys') || !tables.includes('subject_keys')) throw keyFileRefused(file);
        this.db.pragma(`application_id = ${KEY_FILE_APPLICATION_ID}`);
      }
      this.fingerprint = this.setUp();
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.stmt = this.stmtsFor(this.db);
  }

  /** Settings, tables and the fingerprint (made once, by whoever comes first). */
  private setUp(): string {
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('busy_timeout = 15000');
    // A city's keys (a million subjects, ~100 MB) stay in memory for lookups: 64 MiB of page cache, as the store has.
    this.db.pragma('cache_size = -65536');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS tenant_keys (tenant TEXT PRIMARY KEY, master_key BLOB NOT NULL);
      ${SUBJECT_KEYS_DDL};
      CREATE TABLE IF NOT EXISTS operator_secrets (tenant TEXT NOT NULL, operator TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (tenant, operator)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS erasure_counts (tenant TEXT PRIMARY KEY, n INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS auth_attempts (tenant TEXT NOT NULL, operator TEXT NOT NULL, failures INTEGER NOT NULL, pending INTEGER NOT NULL, locked_until INTEGER, PRIMARY KEY (tenant, operator)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS cache_keys (tenant TEXT NOT NULL, name TEXT NOT NULL, wrapped BLOB NOT NULL, PRIMARY KEY (tenant, name)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS pending_erasures (tenant TEXT NOT NULL, resident TEXT NOT NULL, subjects TEXT NOT NULL, PRIMARY KEY (tenant, resident)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS key_file (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS signing_keys (tenant TEXT NOT NULL, kid TEXT NOT NULL, public_jwk TEXT NOT NULL, wrapped BLOB NOT NULL, made INTEGER NOT NULL, PRIMARY KEY (tenant, kid)) WITHOUT ROWID;
    `);
    const read = this.db.prepare<[], { fingerprint: string }>('SELECT fingerprint FROM key_file WHERE id = 1');
    const found = read.get()?.fingerprint;
    if (found !== undefined) return found;
    // Written only when the file has none (a write here costs an fsync on every command).
    this.db.prepare('INSERT OR IGNORE INTO key_file (id, fingerprint) VALUES (1, ?)').run(randomPool.take(16).toString('hex'));
    return read.get()!.fingerprint;
  }

  private stmtsFor(db: Database.Database) {
    return {
      master: db.prepare<[string], { master_key: Buffer }>('SELECT master_key FROM tenant_keys WHERE tenant = ?'),
      putMaster: db.prepare<[string, Buffer]>('INSERT OR IGNORE INTO tenant_keys (tenant, master_key) VALUES (?, ?)'),
      subject: db.prepare<[string, string], { wrapped: Buffer }>('SELECT wrapped FROM subject_keys WHERE tenant = ? AND subject = ?'),
      // First writer wins: two processes making a key for the same new person at once must end up using one of them.
      putSubject: db.prepare<[string, string, Buffer]>('INSERT OR IGNORE INTO subject_keys (tenant, subject, wrapped) VALUES (?, ?, ?)'),
      // secure_delete overwrites the old key's bytes; the empty value stays as the tombstone.
      destroy: db.prepare<[string, string]>("INSERT OR REPLACE INTO subject_keys (tenant, subject, wrapped) VALUES (?, ?, X'')"),
      countErasure: db.prepare<[string]>('INSERT INTO erasure_counts (tenant, n) VALUES (?, 1) ON CONFLICT (tenant) DO UPDATE SET n = n + 1'),
      erasures: db.prepare<[string], { n: number }>('SELECT n FROM erasure_counts WHERE tenant = ?'),
      cacheKey: db.prepare<[string, string], { wrapped: Buffer }>('SELECT wrapped FROM cache_keys WHERE tenant = ? AND name = ?'),
      putCacheKey: db.prepare<[string, string, Buffer]>('INSERT INTO cache_keys (tenant, name, wrapped) VALUES (?, ?, ?)'),
      // secure_delete overwrites the deleted key's bytes in the file.
      deleteCacheKey: db.prepare<[string, string]>('DELETE FROM cache_keys WHERE tenant = ? AND name = ?'),
      notePending: db.prepare<[string, string, string]>('INSERT OR REPLACE INTO pending_erasures (tenant, resident, subjects) VALUES (?, ?, ?)'),
      pending: db.prepare<[string], { resident: string; subjects: string }>('SELECT resident, subjects FROM pending_erasures WHERE tenant = ?'),
      clearPending: db.prepare<[string, string]>('DELETE FROM pending_erasures WHERE tenant = ? AND resident = ?'),
      secret: db.prepare<[string, string], { hash: string }>('SELECT hash FROM operator_secrets WHERE tenant = ? AND operator = ?'),
      putSecret: db.prepare<[string, string, string]>('INSERT OR REPLACE INTO operator_secrets (tenant, operator, hash) VALUES (?, ?, ?)'),
      attempts: db.prepare<[string, string], { failures: number; pending: number; locked_until: number | null }>('SELECT failures, pending, locked_until FROM auth_attempts WHERE tenant = ? AND operator = ?'),
      putAttempts: db.prepare<[string, string, number, number, number | null]>('INSERT OR REPLACE INTO auth_attempts (tenant, operator, failures, pending, locked_until) VALUES (?, ?, ?, ?, ?)'),
      clearAttempts: db.prepare<[string, string]>('DELETE FROM auth_attempts WHERE tenant = ? AND operator = ?'),
      signingKeys: db.prepare<[string], { kid: string; public_jwk: string; wrapped: Buffer }>('SELECT kid, public_jwk, wrapped FROM signing_keys WHERE tenant = ? ORDER BY made, kid'),
      // First writer wins: only a tenant without a key gets this one (one statement, so no other process slips between).
      putFirstSigningKey: db.prepare<[string, string, string, Buffer, number, string]>(
        'INSERT INTO signing_keys (tenant, kid, public_jwk, wrapped, made) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE tenant = ?)'),
    };
  }

  /** `<database file>.keys`: where a store's keys live by default (made with `create`, by `init` only). */
  static besideDatabase(databaseFile: string, options: { create?: boolean } = {}): FileKeyStore {
    return new FileKeyStore(`${databaseFile}.keys`, options);
  }

  async tenantMasterKey(tenant: string): Promise<Uint8Array> {
    const found = this.stmt.master.get(tenant);
    if (found) return found.master_key;
    this.stmt.putMaster.run(tenant, randomPool.take(32));
    return this.stmt.master.get(tenant)!.master_key;
  }

  async getWrappedSubjectKey(tenant: string, subject: string): Promise<Uint8Array | null> {
    return this.stmt.subject.get(tenant, subject)?.wrapped ?? null;
  }

  async getWrappedSubjectKeys(tenant: string, subjects: readonly string[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    // One read transaction for the lot: outside one, every lookup takes and drops the file lock and re-checks the file.
    this.db.transaction(() => {
      for (const s of subjects) {
        const row = this.stmt.subject.get(tenant, s);
        if (row) out.set(s, row.wrapped);
      }
    })();
    return out;
  }

  async putWrappedSubjectKey(tenant: string, subject: string, wrapped: Uint8Array): Promise<void> {
    this.stmt.putSubject.run(tenant, subject, Buffer.from(wrapped));
  }

  async putWrappedSubjectKeys(tenant: string, entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<void> {
    await this.putNewSubjectKeys(tenant, entries);
  }

  async putNewSubjectKeys(tenant: string, entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<ReadonlySet<string>> {
    const taken = new Set<string>();
    this.db.transaction(() => {
      // INSERT OR IGNORE changes no row when the subject has a key (or a tombstone) already.
      for (const [subject, wrapped] of entries) if (this.stmt.putSubject.run(tenant, subject, Buffer.from(wrapped)).changes === 0) taken.add(subject);
    })();
    return taken;
  }

  async destroySubjectKey(tenant: string, subject: string): Promise<void> {
    this.db.transaction(() => {
      this.stmt.destroy.run(tenant, subject);
      this.stmt.countErasure.run(tenant);
    }).immediate();
  }

  async erasureCount(tenant: string): Promise<number> {
    return this.stmt.erasures.get(tenant)?.n ?? 0;
  }

  async putCacheKey(tenant: string, name: string, wrapped: Uint8Array): Promise<void> {
    this.stmt.putCacheKey.run(tenant, name, Buffer.from(wrapped));
  }

  async getCacheKey(tenant: string, name: string): Promise<Uint8Array | null> {
    return this.stmt.cacheKey.get(tenant, name)?.wrapped ?? null;
  }

  async deleteCacheKey(tenant: string, name: string): Promise<void> {
    this.stmt.deleteCacheKey.run(tenant, name);
  }

  async notePendingErasure(tenant: string, residentId: string, subjects: readonly string[]): Promise<void> {
    this.stmt.notePending.run(tenant, residentId, JSON.stringify(subjects));
  }

  async pendingErasures(tenant: string): Promise<Array<{ residentId: string; subjects: string[] }>> {
    return this.stmt.pending.all(tenant).map((r) => ({ residentId: r.resident, subjects: JSON.parse(r.subjects) as string[] }));
  }

  async clearPendingErasure(tenant: string, residentId: string): Promise<void> {
    this.stmt.clearPending.run(tenant, residentId);
  }

  async signingKeys(tenant: string): Promise<SigningKeyEntry[]> {
    return this.stmt.signingKeys.all(tenant).map((r) => ({ kid: r.kid, publicJwk: r.public_jwk, wrapped: r.wrapped }));
  }

  async putFirstSigningKey(tenant: string, key: SigningKeyEntry): Promise<void> {
    this.stmt.putFirstSigningKey.run(tenant, key.kid, key.publicJwk, Buffer.from(key.wrapped), Date.now(), tenant);
  }

  async getSecretHash(tenant: string, operatorId: string): Promise<string | null> {
    return this.stmt.secret.get(tenant, operatorId)?.hash ?? null;
  }

  async putSecretHash(tenant: string, operatorId: string, hash: string): Promise<void> {
    this.stmt.putSecret.run(tenant, operatorId, hash);
  }

  /** Read and written in one IMMEDIATE transaction: processes sharing the file reserve one after another. */
  private updateAttempts<T>(tenant: string, operatorId: string, change: (state: AttemptState) => { next: AttemptState; result: T }): T {
    return this.db.transaction(() => {
      const row = this.stmt.attempts.get(tenant, operatorId);
      const state = row ? { failures: row.failures, pending: row.pending, lockedUntil: row.locked_until } : NO_ATTEMPTS;
      const { next, result } = change(state);
      this.stmt.putAttempts.run(tenant, operatorId, next.failures, next.pending, next.lockedUntil);
      return result;
    }).immediate();
  }

  async reserveAuthAttempt(tenant: string, operatorId: string, now: Date, limit: LockoutLimit): Promise<Reservation> {
    return this.updateAttempts(tenant, operatorId, (state) => reserveAttempt(state, now, limit));
  }

  async settleAuthAttempt(tenant: string, operatorId: string, ok: boolean, now: Date, limit: LockoutLimit): Promise<void> {
    this.updateAttempts(tenant, operatorId, (state) => ({ next: settleAttempt(state, ok, now, limit), result: undefined }));
  }

  async clearAuthAttempts(tenant: string, operatorId: string): Promise<void> {
    this.stmt.clearAttempts.run(tenant, operatorId);
  }

  close(): void {
    this.db.close();
  }
}

/** A key store in memory, for tests and for hosts that keep keys in their own HSM-backed service behind this port. */
export class MemoryKeyStore implements KeyStore {
  private readonly masters = new Map<string, Uint8Array>();
  private readonly subjects = new Map<string, Uint8Array>();
  private readonly secrets = new Map<string, string>();
  private readonly erasures = new Map<string, number>();
  private readonly cacheKeys = new Map<string, Uint8Array>();
  private readonly pending = new Map<string, Map<string, string[]>>();
  private readonly signing = new Map<string, SigningKeyEntry[]>();
  // Reserved and settled synchronously: one process's concurrent sessions cannot interleave inside an update.
  private readonly attempts = new Map<string, AttemptState>();

  async tenantMasterKey(tenant: string) {
    let k = this.masters.get(tenant);
    if (!k) this.masters.set(tenant, (k = randomPool.take(32)));
    return k;
  }
  async getWrappedSubjectKey(tenant: string, subject: string) {
    return this.subjects.get(`${tenant}/${subject}`) ?? null;
  }
  async getWrappedSubjectKeys(tenant: string, subjects: readonly string[]) {
    const out = new Map<string, Uint8Array>();
    for (const s of subjects) {
      const k = this.subjects.get(`${tenant}/${s}`);
      if (k) out.set(s, k);
    }
    return out;
  }
  async putWrappedSubjectKey(tenant: string, subject: string, wrapped: Uint8Array) {
    if (!this.subjects.has(`${tenant}/${subject}`)) this.subjects.set(`${tenant}/${subject}`, wrapped);
  }
  async putWrappedSubjectKeys(tenant: string, entries: ReadonlyArray<readonly [string, Uint8Array]>) {
    await this.putNewSubjectKeys(tenant, entries);
  }
  async putNewSubjectKeys(tenant: string, entries: ReadonlyArray<readonly [string, Uint8Array]>) {
    const taken = new Set<string>();
    for (const [s, w] of entries) {
      if (this.subjects.has(`${tenant}/${s}`)) taken.add(s);
      else this.subjects.set(`${tenant}/${s}`, w);
    }
    return taken;
  }
  async destroySubjectKey(tenant: string, subject: string) {
    this.subjects.set(`${tenant}/${subject}`, new Uint8Array(0));
    this.erasures.set(tenant, (this.erasures.get(tenant) ?? 0) + 1);
  }
  async erasureCount(tenant: string) {
    return this.erasures.get(tenant) ?? 0;
  }
  async putCacheKey(tenant: string, name: string, wrapped: Uint8Array) {
    this.cacheKeys.set(`${tenant}/${name}`, wrapped);
  }
  async getCacheKey(tenant: string, name: string) {
    return this.cacheKeys.get(`${tenant}/${name}`) ?? null;
  }
  async deleteCacheKey(tenant: string, name: string) {
    this.cacheKeys.delete(`${tenant}/${name}`);
  }
  async notePendingErasure(tenant: string, residentId: string, subjects: readonly string[]) {
    let m = this.pending.get(tenant);
    if (!m) this.pending.set(tenant, (m = new Map()));
    m.set(residentId, [...subjects]);
  }
  async pendingErasures(tenant: string) {
    return [...(this.pending.get(tenant) ?? new Map<string, string[]>())].map(([residentId, subjects]) => ({ residentId, subjects: [...subjects] }));
  }
  async clearPendingErasure(tenant: string, residentId: string) {
    this.pending.get(tenant)?.delete(residentId);
  }
  async signingKeys(tenant: string) {
    return [...(this.signing.get(tenant) ?? [])];
  }
  async putFirstSigningKey(tenant: string, key: SigningKeyEntry) {
    if (!this.signing.has(tenant)) this.signing.set(tenant, [key]);
  }
  async getSecretHash(tenant: string, operatorId: string) {
    return this.secrets.get(`${tenant}/${operatorId}`) ?? null;
  }
  async putSecretHash(tenant: string, operatorId: string, hash: string) {
    this.secrets.set(`${tenant}/${operatorId}`, hash);
  }
  async reserveAuthAttempt(tenant: string, operatorId: string, now: Date, limit: LockoutLimit) {
    const key = `${tenant}/${operatorId}`;
    const { next, result } = reserveAttempt(this.attempts.get(key) ?? NO_ATTEMPTS, now, limit);
    this.attempts.set(key, next);
    return result;
  }
  async settleAuthAttempt(tenant: string, operatorId: string, ok: boolean, now: Date, limit: LockoutLimit) {
    const key = `${tenant}/${operatorId}`;
    this.attempts.set(key, settleAttempt(this.attempts.get(key) ?? NO_ATTEMPTS, ok, now, limit));
  }
  async clearAuthAttempts(tenant: string, operatorId: string) {
    this.attempts.delete(`${tenant}/${operatorId}`);
  }
}
