import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyStore } from '@vaxledger/domain';
import { FileKeyStore, MemoryKeyStore } from '../../src/security/file-key-store.ts';
import { SubjectCipher } from '../../src/security/subject-cipher.ts';

const dir = mkdtempSync(join(tmpdir(), 'vaxledger-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TENANT = '041009';
const TEXT = '{"residentId":"x","birthDate":"1950-04-01"}';

/** A key store without the optional putNewSubjectKeys, as a host's own key store may be. */
function withoutPutNew(store: KeyStore): KeyStore {
  return {
    tenantMasterKey: (t) => store.tenantMasterKey(t),
    getWrappedSubjectKey: (t, s) => store.getWrappedSubjectKey(t, s),
    putWrappedSubjectKey: (t, s, w) => store.putWrappedSubjectKey(t, s, w),
    destroySubjectKey: (t, s) => store.destroySubjectKey(t, s),
    erasureCount: (t) => store.erasureCount!(t),
    getWrappedSubjectKeys: (t, s) => store.getWrappedSubjectKeys(t, s),
    putWrappedSubjectKeys: (t, e) => store.putWrappedSubjectKeys(t, e),
    getSecretHash: (t, o) => store.getSecretHash(t, o),
    putSecretHash: (t, o, h) => store.putSecretHash(t, o, h),
  };
}

/** Two key stores over the same keys: two processes on one key file, or one shared memory store. */
const pairs: Array<[string, () => [KeyStore, KeyStore]]> = [
  ['two FileKeyStores on one file', () => {
    const file = join(dir, `keys-${Math.random().toString(36).slice(2)}`);
    return [new FileKeyStore(file, { create: true }), new FileKeyStore(file)];
  }],
  ['one MemoryKeyStore', () => {
    const shared = new MemoryKeyStore();
    return [shared, shared];
  }],
  ['a key store without putNewSubjectKeys', () => {
    const shared = new MemoryKeyStore();
    return [withoutPutNew(shared), withoutPutNew(shared)];
  }],
];

describe.each(pairs)('new subject keys made by two processes at once (%s)', (_name, make) => {
  it('the key stored first is the one both use', async () => {
    const [storeA, storeB] = make();
    const a = new SubjectCipher(storeA);
    const b = new SubjectCipher(storeB);
    // B looks first and finds nobody (an import's probe for erased persons), so it will not look these up again.
    expect(await b.erasedAmong(TENANT, ['p1', 'p2'])).toEqual(new Set());
    // Meanwhile A makes p1's key.
    await a.prepareDocs('residents', [`${TENANT}/p1`], true);

    // B now makes keys for both: p2's is its own, p1's must be the one A stored.
    await b.prepareDocs('residents', [`${TENANT}/p1`, `${TENANT}/p2`], true);
    for (const subject of ['p1', 'p2']) {
      const sealedByB = b.sealDoc('residents', `${TENANT}/${subject}`, TEXT);
      await a.prepareStoredDocs([[`${TENANT}/${subject}`, sealedByB]]);
      expect(a.openDoc('residents', `${TENANT}/${subject}`, sealedByB)).toBe(TEXT);
    }
  });
});

describe('FileKeyStore.putNewSubjectKeys', () => {
  it('stores the keys of subjects without one and names those that had one or a tombstone', async () => {
    const store = new FileKeyStore(join(dir, 'put-new'), { create: true });
    await store.putWrappedSubjectKeys(TENANT, [['old', Buffer.from([1, 2, 3])]]);
    await store.destroySubjectKey(TENANT, 'gone');
    const taken = await store.putNewSubjectKeys(TENANT, [['old', Buffer.from([9])], ['new', Buffer.from([4, 5])], ['gone', Buffer.from([7])]]);
    expect([...taken].sort()).toEqual(['gone', 'old']);
    const stored = await store.getWrappedSubjectKeys(TENANT, ['old', 'new', 'gone']);
    expect([...stored.get('old')!]).toEqual([1, 2, 3]);
    expect([...stored.get('new')!]).toEqual([4, 5]);
    expect(stored.get('gone')!.length).toBe(0);
    store.close();
  });
});
