import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { KeyStore } from '@vaxledger/domain';

interface TenantKeys {
  masterKey: string;
  subjects: Record<string, string>;
  secrets: Record<string, string>;
}

/**
 * The default key store: one JSON file beside the database (`<db>.keys`), readable by its owner only. Keys never go
 * into the database file, so that a copy of the database (or its WAL) is useless without this file, and destroying a
 * subject's key here erases that person everywhere the database went. Writes replace the file atomically.
 */
export class FileKeyStore implements KeyStore {
  private data: Record<string, TenantKeys>;

  constructor(readonly file: string) {
    this.data = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, TenantKeys>) : {};
  }

  /** `<database file>.keys`: where the CLI keeps the key store of a store. */
  static besideDatabase(databaseFile: string): FileKeyStore {
    return new FileKeyStore(`${databaseFile}.keys`);
  }

  private tenant(tenant: string): TenantKeys {
    let t = this.data[tenant];
    if (!t) {
      t = { masterKey: randomBytes(32).toString('base64'), subjects: {}, secrets: {} };
      this.data[tenant] = t;
      this.save();
    }
    return t;
  }

  private save(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  async tenantMasterKey(tenant: string): Promise<Uint8Array> {
    return Buffer.from(this.tenant(tenant).masterKey, 'base64');
  }

  async getWrappedSubjectKey(tenant: string, subject: string): Promise<Uint8Array | null> {
    const k = this.data[tenant]?.subjects[subject];
    return k === undefined ? null : Buffer.from(k, 'base64');
  }

  async putWrappedSubjectKey(tenant: string, subject: string, wrapped: Uint8Array): Promise<void> {
    this.tenant(tenant).subjects[subject] = Buffer.from(wrapped).toString('base64');
    this.save();
  }

  async destroySubjectKey(tenant: string, subject: string): Promise<void> {
    const t = this.data[tenant];
    if (t && subject in t.subjects) {
      delete t.subjects[subject];
      this.save();
    }
  }

  async getSecretHash(tenant: string, operatorId: string): Promise<string | null> {
    return this.data[tenant]?.secrets[operatorId] ?? null;
  }

  async putSecretHash(tenant: string, operatorId: string, hash: string): Promise<void> {
    this.tenant(tenant).secrets[operatorId] = hash;
    this.save();
  }
}

/** A key store in memory, for tests and for hosts that keep keys in their own HSM-backed service behind this port. */
export class MemoryKeyStore implements KeyStore {
  private readonly masters = new Map<string, Uint8Array>();
  private readonly subjects = new Map<string, Uint8Array>();
  private readonly secrets = new Map<string, string>();

  async tenantMasterKey(tenant: string) {
    let k = this.masters.get(tenant);
    if (!k) this.masters.set(tenant, (k = randomBytes(32)));
    return k;
  }
  async getWrappedSubjectKey(tenant: string, subject: string) {
    return this.subjects.get(`${tenant}/${subject}`) ?? null;
  }
  async putWrappedSubjectKey(tenant: string, subject: string, wrapped: Uint8Array) {
    this.subjects.set(`${tenant}/${subject}`, wrapped);
  }
  async destroySubjectKey(tenant: string, subject: string) {
    this.subjects.delete(`${tenant}/${subject}`);
  }
  async getSecretHash(tenant: string, operatorId: string) {
    return this.secrets.get(`${tenant}/${operatorId}`) ?? null;
  }
  async putSecretHash(tenant: string, operatorId: string, hash: string) {
    this.secrets.set(`${tenant}/${operatorId}`, hash);
  }
}
