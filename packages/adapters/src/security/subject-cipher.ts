import { DomainError, itemNamesOf, SEALING, type KeyStore } from '@vaxledger/domain';
import { decrypt, decryptBase64Text, encrypt } from './aes-gcm.ts';
import { Keyring } from './keyring.ts';
import { randomPool } from './random-pool.ts';
import { docSubject, sealedClearView, sealedDocParts, sealedEventSubject, type Sealed } from './sealed-formats.ts';

export { sealedClearView };
import type { SubjectKeys } from '@vaxledger/application';

/** Unwraps a subject key into the keyring; the buffer decrypt() returned is zeroed once copied there. */
function unwrapInto(known: Keyring, master: Uint8Array, wrapped: Uint8Array, tenant: string, subject: string): void {
  let key: Buffer;
  try {
    key = decrypt(master, wrapped, `wrap\n${tenant}\n${subject}`);
  } catch {
    throw sealBroken('a wrapped key in the key file does not open (its bytes were changed, or it was moved from another subject)');
  }
  known.set(subject, key);
  key.fill(0);
}

/** Damage found while opening (a check failed, exit 1), named without any personal data. */
const sealBroken = (message: string) => new DomainError('seal-broken', message, 'integrity');

/** Opens a sealed value, or says which kind of thing did not open (AES-GCM's own error names neither). */
function openText(projection: string | null, key: Uint8Array, sealedBase64: string, aad: string): string {
  try {
    return decryptBase64Text(key, sealedBase64, aad);
  } catch {
    throw sealBroken(`a sealed ${projection === null ? 'event' : `${projection} document`} does not open (its bytes were changed, or it was moved from elsewhere)`);
  }
}

export interface SubjectCipherOptions {
  /**
   * What a sealed value whose subject has no key at all (not even an erasure's tombstone) means. `erased` (the
   * default): it is read as erased, as an engine reads. `damage`: the key file lost a key (restored from an older
   * backup, or changed), which `verify` reports.
   */
  readonly missingKey?: 'erased' | 'damage';
}

/**
 * Per-subject encryption (AES-256-GCM, node:crypto). Each person has a random key, wrapped by the tenant's master
 * key in the key store; the additional authenticated data binds tenant, stream and event id (or projection and
 * document), so a sealed value cannot be moved to another event. Keys are fetched in batches before a write or a
 * page, then sealing and opening are synchronous.
 */
export class SubjectCipher implements SubjectKeys {
  /** tenant → its subjects' keys (or that they were destroyed). Nested, so that a lookup builds no string. */
  private readonly keys = new Map<string, Keyring>();
  private readonly masters = new Map<string, Uint8Array>();
  /** tenant → subjects the last probe found without a key (see ensureKeys). */
  private readonly probedAbsent = new Map<string, Set<string>>();
  /** tenant → the key store's count of erasures when this cipher last looked (see noticeErasures). */
  private readonly erasuresSeen = new Map<string, number>();
  /** Counts destroyed keys (see EventCodec.generation). */
  generation = 0;

  constructor(private readonly keyStore: KeyStore, private readonly options: SubjectCipherOptions = {}) {}

  /** The same key store, for verify: a sealed row whose key is missing is reported as damage, not taken as erased. */
  forVerification(): SubjectCipher {
    return new SubjectCipher(this.keyStore, { ...this.options, missingKey: 'damage' });
  }

  clearView(data: unknown): unknown {
    return sealedClearView(data);
  }

  private async master(tenant: string): Promise<Uint8Array> {
    let m = this.masters.get(tenant);
    if (!m) this.masters.set(tenant, (m = await this.keyStore.tenantMasterKey(tenant)));
    return m;
  }

  /** Loads (and, with `create`, makes) the keys of these subjects; a `probe` only learns which have keys or tombstones. */
  async ensureKeys(tenant: string, subjects: Iterable<string>, create: boolean, probe = false): Promise<void> {
    await this.noticeErasures(tenant);
    const known = this.tenantKeys(tenant);
    const missing = [...new Set(subjects)].filter((s) => s !== '' && !known.has(s));
    if (missing.length === 0) return;
    const master = await this.master(tenant);
    // Subjects a probe just found without a key are not looked up again: a key made for them is read back below,
    // which also catches a key or tombstone stored in between.
    const absent = this.probedAbsent.get(tenant);
    const lookup = create && absent ? missing.filter((s) => !absent.has(s)) : missing;
    const found = lookup.length > 0 ? await this.keyStore.getWrappedSubjectKeys(tenant, lookup) : new Map<string, Uint8Array>();
    if (create) this.probedAbsent.delete(tenant);
    const created: Array<[string, Uint8Array]> = [];
    for (const subject of missing) {
      const wrapped = found.get(subject);
      if (wrapped && wrapped.length === 0) {
        // A tombstone: the subject was erased. Never a new key, even when asked to create one.
        known.setDestroyed(subject);
      } else if (wrapped) {
        unwrapInto(known, master, wrapped, tenant, subject);
      } else if (create) {
        const key = randomPool.take(32);
        created.push([subject, encrypt(master, key, `wrap\n${tenant}\n${subject}`)]);
        known.set(subject, key);
        key.fill(0);
      } else if (probe) {
        let set = this.probedAbsent.get(tenant);
        if (!set) this.probedAbsent.set(tenant, (set = new Set()));
        set.add(subject);
      } else if (this.options.missingKey === 'damage') {
        throw new DomainError('key-missing', "a sealed value's key is not in the key file (neither a key nor an erasure's tombstone)", 'integrity');
      } else {
        // Sealed data without a key to read it with: the subject was erased (its key destroyed).
        known.setDestroyed(subject);
      }
    }
    if (created.length === 0) return;
    // Another process may have made a key for the same new person at the same moment, and the first one stored wins:
    // use the stored key, so that everything sealed for the person opens with one key. (Nothing was sealed yet.) A key
    // store that says which subjects it found taken spares reading back the others (a million at a city's first import).
    let recheck = created;
    if (this.keyStore.putNewSubjectKeys) {
      const taken = await this.keyStore.putNewSubjectKeys(tenant, created);
      recheck = taken.size === 0 ? [] : created.filter(([subject]) => taken.has(subject));
    } else {
      await this.keyStore.putWrappedSubjectKeys(tenant, created);
    }
    if (recheck.length === 0) return;
    const stored = await this.keyStore.getWrappedSubjectKeys(tenant, recheck.map(([subject]) => subject));
    recheck.forEach(([subject, ours]) => {
      const wrapped = stored.get(subject);
      if (wrapped && !Buffer.from(wrapped).equals(Buffer.from(ours))) {
        if (wrapped.length === 0) known.setDestroyed(subject);
        else unwrapInto(known, master, wrapped, tenant, subject);
      }
    });
  }

  /** Which of these subjects were erased (their key destroyed): an importer refuses their rows instead of failing midway. */
  async erasedAmong(tenant: string, subjects: Iterable<string>): Promise<Set<string>> {
    const list = [...subjects];
    // A probe: a subject with no key yet is simply new, not erased.
    await this.ensureKeys(tenant, list, false, true);
    const known = this.tenantKeys(tenant);
    return new Set(list.filter((s) => known.get(s) === null));
  }

  /** Destroys a subject's key: everything sealed with it becomes unreadable, here and in every copy. */
  async destroy(tenant: string, subject: string): Promise<void> {
    this.generation++;
    const seen = this.erasuresSeen.get(tenant);
    await this.keyStore.destroySubjectKey(tenant, subject);
    this.tenantKeys(tenant).setDestroyed(subject);
    // Our own erasure needs no refetch; any other one made meanwhile does (the count then moved by more than one).
    const now = await this.keyStore.erasureCount?.(tenant);
    if (seen !== undefined && now === seen + 1) this.erasuresSeen.set(tenant, now);
  }

  /** Which of these subjects still have a key in the key store (neither destroyed nor never made): what an erasure has left. */
  async keysLeft(tenant: string, subjects: Iterable<string>): Promise<string[]> {
    const found = await this.keyStore.getWrappedSubjectKeys(tenant, [...new Set(subjects)]);
    return [...found].filter(([, wrapped]) => wrapped.length > 0).map(([subject]) => subject);
  }

  /**
   * Another process may have erased someone whose key this cipher holds: when the tenant's count of erasures moved,
   * every key of the tenant held here is dropped and fetched again (a tombstone then reads as erased), and plaintext
   * kept from before is no longer served (generation).
   */
  private async noticeErasures(tenant: string): Promise<void> {
    if (!this.keyStore.erasureCount) return;
    const count = await this.keyStore.erasureCount(tenant);
    const seen = this.erasuresSeen.get(tenant);
    this.erasuresSeen.set(tenant, count);
    if (seen === undefined || seen === count) return;
    // Zeroed as they are let go (Keyring.clear): one of them may be the key someone just destroyed.
    this.keys.get(tenant)?.clear();
    this.probedAbsent.delete(tenant);
    this.generation++;
  }

  private tenantKeys(tenant: string): Keyring {
    let m = this.keys.get(tenant);
    if (!m) this.keys.set(tenant, (m = new Keyring()));
    return m;
  }

  private key(tenant: string, subject: string): Uint8Array | null {
    const k = this.keys.get(tenant)?.get(subject);
    if (k === undefined) throw new Error('subject key not prepared');
    return k;
  }

  // ---- sealed caches ----------------------------------------------------------------------------

  /** Whether this key store can keep the keys of sealed caches and count erasures, which a cache is checked against. */
  get keepsCaches(): boolean {
    return this.keyStore.putCacheKey !== undefined && this.keyStore.getCacheKey !== undefined
      && this.keyStore.deleteCacheKey !== undefined && this.keyStore.erasureCount !== undefined;
  }

  /** How many subject keys of the tenant were ever destroyed (see KeyStore.erasureCount). */
  async erasureCount(tenant: string): Promise<number> {
    return (await this.keyStore.erasureCount?.(tenant)) ?? 0;
  }

  /**
   * A fresh random key for a sealed cache, stored wrapped under the tenant's master key under `name` (the caller's, so
   * that it can note the name before the key exists). The caller zeroes it.
   */
  async newCacheKey(tenant: string, name: string): Promise<Uint8Array> {
    const key = randomPool.take(32);
    await this.keyStore.putCacheKey!(tenant, name, encrypt(await this.master(tenant), key, `cache\n${tenant}\n${name}`));
    return key;
  }

  /** A cache's key, or null when it was deleted (the cache was replaced, or someone was erased since). */
  async cacheKey(tenant: string, name: string): Promise<Uint8Array | null> {
    const wrapped = await this.keyStore.getCacheKey!(tenant, name);
    if (!wrapped || wrapped.length === 0) return null;
    return decrypt(await this.master(tenant), wrapped, `cache\n${tenant}\n${name}`);
  }

  async deleteCacheKey(tenant: string, name: string): Promise<void> {
    await this.keyStore.deleteCacheKey?.(tenant, name);
  }

  // ---- events ----------------------------------------------------------------------------------

  async prepare(tenant: string, events: ReadonlyArray<{ type: string; data: unknown }>, create: boolean): Promise<void> {
    const subjects: string[] = [];
    for (const e of events) {
      const rule = SEALING[e.type as keyof typeof SEALING];
      if (rule) subjects.push(rule.subject(e.data as Record<string, unknown>));
    }
    await this.ensureKeys(tenant, subjects, create);
  }

  async prepareRows(rows: ReadonlyArray<{ tenant: string; dataText: string }>): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const r of rows) {
      const subject = sealedEventSubject(r.dataText);
      if (subject === null) continue;
      const list = byTenant.get(r.tenant) ?? [];
      list.push(subject);
      byTenant.set(r.tenant, list);
    }
    for (const [tenant, subjects] of byTenant) await this.ensureKeys(tenant, subjects, false);
  }

  seal(tenant: string, stream: string, eventId: string, type: string, data: unknown): unknown {
    const rule = SEALING[type as keyof typeof SEALING];
    if (!rule) return data;
    const record = data as Record<string, unknown>;
    const subject = rule.subject(record);
    const clear: Record<string, unknown> = {};
    const secret: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) (rule.clear.includes(k) ? clear : secret)[k] = v;
    const key = this.key(tenant, subject);
    if (!key) throw new DomainError('subject-erased', 'an event names a person whose record was erased: their items cannot be kept again');
    const c = encrypt(key, JSON.stringify(secret), `${tenant}\n${stream}\n${eventId}`).toString('base64');
    clear.$sealed = { c, i: itemNamesOf(type, record), s: subject } satisfies Sealed;
    return clear;
  }

  open(tenant: string, stream: string, eventId: string, _type: string, data: unknown): unknown {
    const record = data as Record<string, unknown>;
    const sealed = record.$sealed as Sealed | undefined;
    if (!sealed) return data;
    // Object.assign, not `{ ...clear, ...secret }`: V8 (Node 20) adds members after a spread on a slow path, ~10 µs
    // here against ~0.1 µs, and every sealed event read goes through this line.
    const key = this.key(tenant, sealed.s);
    if (!key) return sealedClearView(record);
    const { $sealed: _s, ...clear } = record;
    const secret = JSON.parse(openText(null, key, sealed.c, `${tenant}\n${stream}\n${eventId}`)) as Record<string, unknown>;
    return Object.assign(clear, secret);
  }

  // ---- projection documents ----------------------------------------------------------------------

  async prepareDocs(projection: string, keys: readonly string[], create: boolean, docs?: readonly unknown[]): Promise<void> {
    const byTenant = new Map<string, string[]>();
    keys.forEach((key, i) => {
      const subject = docSubject(projection, key, docs?.[i]);
      if (!subject) return;
      const tenant = key.slice(0, key.indexOf('/'));
      const list = byTenant.get(tenant) ?? [];
      list.push(subject);
      byTenant.set(tenant, list);
    });
    for (const [tenant, subjects] of byTenant) await this.ensureKeys(tenant, subjects, create);
  }

  /** Subjects of stored documents (in their clear envelope), to prepare before opening. */
  async prepareStoredDocs(keysAndTexts: ReadonlyArray<readonly [string, string]>): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const [key, text] of keysAndTexts) {
      const parts = sealedDocParts(text);
      if (!parts) continue;
      const tenant = key.slice(0, key.indexOf('/'));
      const list = byTenant.get(tenant) ?? [];
      list.push(parts.s);
      byTenant.set(tenant, list);
    }
    for (const [tenant, subjects] of byTenant) await this.ensureKeys(tenant, subjects, false);
  }

  /**
   * Whether a document names a person whose key was destroyed (its keys prepared by prepareDocs). A rebuild replays a
   * clear event that names an erased person (a 副本 export, a notice run) before the erasure that drops what it made:
   * a commit that falls between the two keeps nothing of theirs, rather than failing to seal under a key that is gone.
   */
  docSubjectErased(projection: string, key: string, doc: unknown): boolean {
    const subject = docSubject(projection, key, doc);
    return subject !== null && this.key(key.slice(0, key.indexOf('/')), subject) === null;
  }

  sealDoc(projection: string, key: string, text: string, doc?: unknown): string {
    const subject = docSubject(projection, key, doc ?? JSON.parse(text));
    if (!subject) return text;
    const tenant = key.slice(0, key.indexOf('/'));
    const k = this.key(tenant, subject);
    if (!k) throw new DomainError('subject-erased', 'a document names a person whose record was erased: their items cannot be kept again');
    const c = encrypt(k, text, `doc\n${projection}\n${key}`).toString('base64');
    return JSON.stringify({ $sealed: { s: subject, c } });
  }

  openDoc(projection: string, key: string, stored: string): string | null {
    const sealed = sealedDocParts(stored);
    if (!sealed) return stored;
    const k = this.key(key.slice(0, key.indexOf('/')), sealed.s);
    if (!k) return null;
    return openText(projection, k, sealed.c, `doc\n${projection}\n${key}`);
  }
}
