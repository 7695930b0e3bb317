import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Sex } from '@vaxledger/domain';
import { eligibilityProjection, type EligibilityDoc } from '@vaxledger/projections';
import { decrypt, encrypt } from '../security/aes-gcm.ts';
import type { SubjectCipher } from '../security/subject-cipher.ts';
import type { EligibilitySnapshotStore, LoadedSnapshot } from '@vaxledger/application';

/** Persons per sealed chunk: a city's snapshot never has to be one string (V8 caps strings at ~512 M characters). */
const CHUNK = 20_000;

const DDL = `
  CREATE TABLE IF NOT EXISTS eligibility_snapshots (
    tenant TEXT NOT NULL,
    chunk INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    position INTEGER NOT NULL,
    erasures INTEGER NOT NULL,
    key_name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (tenant, chunk)
  );
  CREATE TABLE IF NOT EXISTS retired_cache_keys (tenant TEXT NOT NULL, key_name TEXT NOT NULL, PRIMARY KEY (tenant, key_name));
  CREATE TABLE IF NOT EXISTS pending_cache_keys (tenant TEXT NOT NULL, key_name TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (tenant, key_name));`;

/** A key still pending after this long belongs to a process that stopped before committing its snapshot. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * The eligibility documents of a tenant, assembled, sealed and kept in the database so that a new process (every CLI
 * command is one) need not open a city's sealed documents one by one: one key opens the snapshot, and only the persons
 * whose events came after it are read again.
 *
 * The snapshot holds many persons' items, so its key must not outlive anyone's erasure:
 * - it has a key of its own in the key store, deleted when the snapshot is replaced or discarded (the key goes to
 *   `retired_cache_keys` in the same transaction that drops its rows, and is deleted from the key store after the
 *   commit, so that a crash in between leaves it to be deleted next time, not forgotten; a new key is noted in
 *   `pending_cache_keys` before it is made, until its rows are committed, so that one whose writer stopped first is
 *   deleted too);
 * - it records the tenant's erasure count when its documents were read; a snapshot taken under another count is
 *   discarded, never opened, and an erasure discards the stored one at once ({@link discard});
 * - the key is read, used and zeroed within one call.
 */
export class EligibilitySnapshots implements EligibilitySnapshotStore {
  private statements: ReturnType<typeof prepare> | undefined;

  constructor(private readonly db: Database, private readonly cipher: SubjectCipher) {
    // A read-only file keeps no snapshot (and may predate its tables): nothing is prepared on it.
    if (!db.readonly) db.exec(DDL);
  }

  private get stmt(): ReturnType<typeof prepare> {
    return (this.statements ??= prepare(this.db));
  }

  /** Whether snapshots can be kept at all: a writable file and a key store that keeps cache keys and counts erasures. */
  get enabled(): boolean {
    return !this.db.readonly && this.cipher.keepsCaches;
  }

  /** The stored snapshot, or null when there is none or it may not be used (discarded then). */
  async load(tenant: string): Promise<LoadedSnapshot | null> {
    if (!this.enabled) return null;
    await this.deleteRetiredKeys(tenant);
    const rows = this.stmt.rows.all(tenant);
    if (rows.length === 0) return null;
    const first = rows[0]!;
    const whole = rows.length === first.chunks && rows.every((r, i) => r.chunk === i && r.chunks === first.chunks && r.position === first.position
      && r.erasures === first.erasures && r.key_name === first.key_name);
    if (!whole || first.erasures !== await this.cipher.erasureCount(tenant)) {
      await this.discard(tenant);
      return null;
    }
    const key = await this.cipher.cacheKey(tenant, first.key_name);
    if (!key) {
      await this.discard(tenant);
      return null;
    }
    const docs: EligibilityDoc[] = [];
    try {
      for (const r of rows) {
        const text = decrypt(key, r.data, aadOf(tenant, first.key_name, first.position, first.erasures, r.chunk, first.chunks)).toString('utf8');
        for (const p of JSON.parse(text) as SnapshotPerson[]) docs.push(docOf(tenant, p));
      }
    } catch {
      // A changed byte, or rows moved between snapshots: the cache is not trusted, the documents are read instead.
      await this.discard(tenant);
      return null;
    } finally {
      key.fill(0);
    }
    return { position: first.position, erasures: first.erasures, docs };
  }

  /**
   * Replaces the stored snapshot with `docs`, read at or after `position` while the tenant's erasure count was
   * `erasures` (read before the documents were). Returns false, keeping nothing, when someone was erased meanwhile or
   * it could not be written. What must happen after an erasure (the discard, the key deletions) throws when it fails.
   */
  async save(tenant: string, position: number, erasures: number, docs: readonly EligibilityDoc[]): Promise<boolean> {
    if (!this.enabled) return false;
    // The key is noted as pending before it exists, and un-noted in the transaction that stores the rows it seals: a
    // process that stops before that commit (a large transaction may have spilled sealed bytes into the WAL) leaves a
    // key that is deleted once it has been pending for an hour.
    const name = randomUUID();
    this.stmt.pend.run(tenant, name, Date.now());
    const key = await this.cipher.newCacheKey(tenant, name);
    const chunks = Math.max(1, Math.ceil(docs.length / CHUNK));
    try {
      const sealed: Buffer[] = [];
      for (let c = 0; c < chunks; c++) {
        sealed.push(encrypt(key, JSON.stringify(docs.slice(c * CHUNK, (c + 1) * CHUNK).map(personOf)), aadOf(tenant, name, position, erasures, c, chunks)));
      }
      this.db.transaction(() => {
        for (const { key_name } of this.stmt.keyNames.all(tenant)) this.stmt.retire.run(tenant, key_name);
        this.stmt.deleteRows.run(tenant);
        sealed.forEach((data, c) => this.stmt.insert.run(tenant, c, chunks, position, erasures, name, data));
        this.stmt.unpend.run(tenant, name);
      }).immediate();
    } catch {
      // Not written (the file locked past its timeout, the disk full): a cache fails no extraction, the next process
      // reads the documents afresh. The key made for it goes.
      await this.cipher.deleteCacheKey(tenant, name);
      this.stmt.unpend.run(tenant, name);
      return false;
    } finally {
      key.fill(0);
    }
    await this.deleteRetiredKeys(tenant);
    // An erasure between reading the documents and now may have missed this snapshot: it is not kept.
    if (await this.cipher.erasureCount(tenant) !== erasures) {
      await this.discard(tenant);
      return false;
    }
    return true;
  }

  /** Drops the stored snapshot and deletes its key: what an erasure does, and what any doubt about a snapshot does. */
  async discard(tenant: string): Promise<void> {
    if (this.db.readonly) return;
    this.db.transaction(() => {
      for (const { key_name } of this.stmt.keyNames.all(tenant)) this.stmt.retire.run(tenant, key_name);
      this.stmt.deleteRows.run(tenant);
    }).immediate();
    await this.deleteRetiredKeys(tenant);
  }

  /** Deletes the keys of replaced snapshots, and those of snapshots whose writer stopped before committing them. */
  private async deleteRetiredKeys(tenant: string): Promise<void> {
    for (const { key_name } of this.stmt.retired.all(tenant)) {
      await this.cipher.deleteCacheKey(tenant, key_name);
      this.stmt.forgetRetired.run(tenant, key_name);
    }
    for (const { key_name } of this.stmt.abandoned.all(tenant, Date.now() - ABANDONED_AFTER_MS)) {
      await this.cipher.deleteCacheKey(tenant, key_name);
      this.stmt.unpend.run(tenant, key_name);
    }
  }
}

function prepare(db: Database) {
  return {
    rows: db.prepare<[string], { chunk: number; chunks: number; position: number; erasures: number; key_name: string; data: Buffer }>(
      'SELECT chunk, chunks, position, erasures, key_name, data FROM eligibility_snapshots WHERE tenant = ? ORDER BY chunk'),
    keyNames: db.prepare<[string], { key_name: string }>('SELECT DISTINCT key_name FROM eligibility_snapshots WHERE tenant = ?'),
    deleteRows: db.prepare<[string]>('DELETE FROM eligibility_snapshots WHERE tenant = ?'),
    insert: db.prepare<[string, number, number, number, number, string, Buffer]>(
      'INSERT INTO eligibility_snapshots (tenant, chunk, chunks, position, erasures, key_name, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    retire: db.prepare<[string, string]>('INSERT OR IGNORE INTO retired_cache_keys (tenant, key_name) VALUES (?, ?)'),
    retired: db.prepare<[string], { key_name: string }>('SELECT key_name FROM retired_cache_keys WHERE tenant = ?'),
    forgetRetired: db.prepare<[string, string]>('DELETE FROM retired_cache_keys WHERE tenant = ? AND key_name = ?'),
    pend: db.prepare<[string, string, number]>('INSERT INTO pending_cache_keys (tenant, key_name, since) VALUES (?, ?, ?)'),
    unpend: db.prepare<[string, string]>('DELETE FROM pending_cache_keys WHERE tenant = ? AND key_name = ?'),
    abandoned: db.prepare<[string, number], { key_name: string }>('SELECT key_name FROM pending_cache_keys WHERE tenant = ? AND since < ?'),
  };
}

/** The layout of a chunk's text (SnapshotPerson): a snapshot of another layout fails to open and is read afresh. */
const FORMAT = 2;

/**
 * Binds each chunk to its layout, the version of the projection its facts come from (a projection whose meaning
 * changed is rebuilt, and so must its snapshot be), tenant, key, position, erasure count and place, so that no row
 * can be swapped, replayed or read in another layout.
 */
const aadOf = (tenant: string, keyName: string, position: number, erasures: number, chunk: number, chunks: number) =>
  `eligibility-snapshot/${FORMAT}/${eligibilityProjection.version}\n${tenant}\n${keyName}\n${position}\n${erasures}\n${chunk}/${chunks}`;


const STATUSES = ['resident', 'moved-out', 'died', 'cancelled'] as const;

/**
 * A person as the snapshot keeps them: what extraction and statistics read and nothing more, as a tuple (a city's
 * snapshot is read whole by every new process; names of members would be most of its text).
 * [residentId, birthDate, sex, wardCode, status, flags (1 送付除外, 2 住基閲覧注意, 4 利用停止), conditions,
 *  doses as [vaccine, dose, date, product]]
 */
type SnapshotPerson = [string, string, Sex | null, string | null, number, number, string[], Array<[string, number, string, string | null]>];

function personOf(d: EligibilityDoc): SnapshotPerson {
  const status = STATUSES.indexOf(d.status as (typeof STATUSES)[number]);
  if (status < 0 || d.birthDate === undefined) throw new Error('a person outside the snapshot was given to it');
  return [
    d.residentId, d.birthDate, d.sex ?? null, d.wardCode ?? null, status,
    (d.mailingExcluded ? 1 : 0) | (d.addressRestricted ? 2 : 0) | (d.suspended ? 4 : 0),
    [...d.conditions], d.doses.map((x) => [x.vaccine, x.dose, x.date, x.product ?? null]),
  ];
}

function docOf(tenant: string, [residentId, birthDate, sex, wardCode, status, flags, conditions, doses]: SnapshotPerson): EligibilityDoc {
  return {
    tenant, residentId, registered: true, birthDate, ...(sex ? { sex } : {}), ...(wardCode !== null ? { wardCode } : {}), status: STATUSES[status]!,
    mailingExcluded: (flags & 1) !== 0, addressRestricted: (flags & 2) !== 0, ...(flags & 4 ? { suspended: true } : {}), conditions,
    // The record ids are not kept: neither extraction nor statistics reads them.
    doses: doses.map(([vaccine, dose, date, product]) => ({ recordId: '', vaccine, dose, date, ...(product !== null ? { product } : {}) })),
  };
}
