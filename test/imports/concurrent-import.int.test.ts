import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { tempDir } from '../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';

const PEOPLE = Array.from({ length: 40 }, (_, i) => ({
  id: String(300_001 + i), kana: 'ヤマダ タロウ', kanji: '山田 太郎', birth: `19${50 + (i % 40)}-05-17`, address: `仙台市青葉区一番町${i + 1}丁目`,
}));

describe('the same file imported by two connections at once', () => {
  it('lands once: one import reports its events, the other reports the file as already imported, and the store verifies', async () => {
    const db = join(tempDir(), 'concurrent-import.db');
    const clock = steppingClock(new Date('2026-06-01T00:00:00Z'), 1000);
    const first = await openSqliteEngine({ file: db, tenant: '041009', create: true, clock, authenticator: hostAuthenticated });
    await first.initTenant('admin.sato');
    // A second engine on the same file: another connection, as another process would have.
    const second = await openSqliteEngine({ file: db, tenant: '041009', clock, authenticator: hostAuthenticated });

    const registry = csvBytes([REGISTRY_HEADER, ...PEOPLE.map((p) => registryRow({ ...p, sex: '1' }))]);
    const registered = await Promise.all([
      first.session('admin.sato', 'registration').importRegistry(registry, { fileName: 'juki-a.csv' }),
      second.session('admin.sato', 'registration').importRegistry(registry, { fileName: 'juki-b.csv' }),
    ]);
    expect(registered.map((s) => s.alreadyImported).sort()).toEqual([false, true]);
    expect(registered.map((s) => s.events).sort((a, b) => a - b)).toEqual([0, PEOPLE.length]);
    expect(registered[0]!.batch).toBe(registered[1]!.batch);

    const slips = csvBytes([SLIP_HEADER, ...PEOPLE.map((p) => slipRow({ id: p.id, kana: p.kana, birth: p.birth, sex: '1', vaccine: 'influenza', dose: '1', date: '2026-05-10' }))]);
    const recorded = await Promise.all([
      second.session('admin.sato', 'registration').importSlips(slips, { fileName: 'slips.csv' }),
      first.session('admin.sato', 'registration').importSlips(slips, { fileName: 'slips.csv' }),
    ]);
    expect(recorded.map((s) => s.events).sort((a, b) => a - b)).toEqual([0, PEOPLE.length]);

    let vaccinations = 0;
    let batches = 0;
    for await (const e of first.store.readAll()) {
      if (e.type === 'VaccinationRecorded') vaccinations++;
      if (e.type === 'ImportBatchRecorded') batches++;
    }
    expect({ vaccinations, batches }).toEqual({ vaccinations: PEOPLE.length, batches: 2 });
    expect((await first.verify()).ok).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });
});
