import { describe, expect, it } from 'vitest';
import { createEngine, MemoryEventStore, MemoryKeyStore, SubjectCipher } from '@vaxledger/adapters';
import { hostAuthenticated } from '@vaxledger/domain';
import { describeEventStoreContract } from './event-store-contract.ts';

// The in-memory store sealing as the SQLite one does: the same contract, with the engine's cipher as its codec.
describeEventStoreContract('memory (sealed)', async () => new MemoryEventStore({ codec: new SubjectCipher(new MemoryKeyStore()) }));

const PERSON = { kanaName: 'ヒミツ タロウ', kanjiName: '秘密 太郎', birthDate: '2019-05-17', sex: 'male', address: '仙台市青葉区秘密町一丁目' } as const;

function engineOver(store: MemoryEventStore, keyStore: MemoryKeyStore) {
  return createEngine({ store, tenant: '041009', keyStore, cipher: new SubjectCipher(keyStore), authenticator: hostAuthenticated });
}

describe('MemoryEventStore with a codec: held bytes', () => {
  it('holds no personal item in clear; read back from its bytes, the ledger reads and verifies; after erasure nothing of the person opens', async () => {
    const keyStore = new MemoryKeyStore();
    const store = new MemoryEventStore({ codec: new SubjectCipher(keyStore) });
    const engine = engineOver(store, keyStore);
    await engine.initTenant('admin.sato');
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.registerResident('000101', PERSON);
    await clerk.recordVaccination({ residentId: '000101', vaccine: 'bcg', dose: 1, date: '2019-10-01', lot: 'HELD001', source: 'manual' });
    const held = Buffer.from(store.heldBytes());
    for (const item of [PERSON.kanaName, PERSON.kanjiName, PERSON.address, PERSON.birthDate, 'HELD001', '2019-10-01']) {
      expect(held.includes(Buffer.from(item)), `a ${item.length}-character item is held in clear`).toBe(false);
    }
    await engine.close();

    const reread = MemoryEventStore.fromHeldBytes(held, { codec: new SubjectCipher(keyStore) });
    const again = engineOver(reread, keyStore);
    const view = await again.session('admin.sato', 'registration').viewLedger('000101');
    expect(view.records.map((r) => [r.fields.vaccine, r.fields.lot])).toEqual([['bcg', 'HELD001']]);
    expect((await again.verify()).ok).toBe(true);

    await again.session('admin.sato', 'administration').erase('000101', { reason: 'held-bytes test' });
    const afterErasure = Buffer.from(reread.heldBytes());
    expect(afterErasure.includes(Buffer.from('HELD001'))).toBe(false);
    const third = engineOver(MemoryEventStore.fromHeldBytes(afterErasure, { codec: new SubjectCipher(keyStore) }), keyStore);
    await expect(third.session('admin.sato', 'registration').viewLedger('000101')).rejects.toMatchObject({ code: 'unknown-resident' });
  });

  it('refuses bytes whose rows are out of position order, naming the line', () => {
    const keyStore = new MemoryKeyStore();
    const lines = ['{"position":"2","revision":"0"}', ''].join('\n');
    expect(() => MemoryEventStore.fromHeldBytes(new TextEncoder().encode(lines), { codec: new SubjectCipher(keyStore) })).toThrow(/line 1: position 2 out of order/);
  });
});
