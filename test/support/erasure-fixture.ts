// A store with one person to erase (for the erasure fault and crash tests), and what of them remains afterwards.

import { hostAuthenticated, isErasedData, steppingClock } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET } from './child.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from './files.ts';

export const ERASURE_TENANT = '041009';
export const ERASED_PERSON = { id: '0000300001', kana: 'ケシタ タロウ', kanji: '消田 太郎', birth: '1950-05-17', address: '仙台市青葉区消去町一丁目' };
const OTHER = { id: '0000300002', kana: 'ノコリ ハナコ', kanji: '残 花子', birth: '1951-06-18', address: '仙台市青葉区残町二丁目' };

/**
 * A store at `db` with the person registered, one dose of theirs (a matched slip), and `held` slips of theirs held
 * under mistyped 整理番号 (no one's), one with a relative's phone number in 備考.
 */
export async function erasureFixture(db: string, held: number): Promise<string> {
  const engine = await openSqliteEngine({ file: db, tenant: ERASURE_TENANT, create: true, clock: steppingClock(new Date('2026-06-01T00:00:00Z'), 1000), authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
  const clerk = engine.session('admin.sato', 'registration');
  await clerk.importRegistry(csvBytes([REGISTRY_HEADER, registryRow({ ...ERASED_PERSON, sex: '1' }), registryRow({ ...OTHER, sex: '2' })]), { fileName: 'r.csv' });
  const rows = [SLIP_HEADER, slipRow({ id: ERASED_PERSON.id, kana: ERASED_PERSON.kana, birth: ERASED_PERSON.birth, sex: '1', vaccine: 'influenza', dose: '1', date: '2026-05-09' })];
  for (let i = 0; i < held; i++) {
    rows.push(slipRow({
      id: `00009${String(i).padStart(5, '0')}`, kana: ERASED_PERSON.kana, birth: ERASED_PERSON.birth, sex: '1', vaccine: 'influenza', dose: '1',
      date: '2026-05-10', lot: `LOT${i}`, ...(i === 0 ? { remarks: '長男 090-1234-5678' } : {}),
    }));
  }
  await clerk.importSlips(csvBytes(rows), { fileName: 's.csv' });
  await engine.close();
  return db;
}

/** Whether SubjectErased is recorded, whether the person's registration opens, how many held slips open, the notes left. */
export async function remainsOfPerson(db: string): Promise<{ recorded: boolean; registrationOpens: boolean; heldSlipsOpen: number; pendingNotes: number }> {
  const engine = await openSqliteEngine({ file: db, tenant: ERASURE_TENANT, authenticator: hostAuthenticated });
  try {
    let recorded = false;
    let registrationOpens = false;
    let heldSlipsOpen = 0;
    for await (const e of engine.store.readAll()) {
      if (e.type === 'SubjectErased') recorded = true;
      if (e.type === 'ResidentRegistered' && (e.data as { residentId: string }).residentId === ERASED_PERSON.id) registrationOpens = !isErasedData(e.data);
      if (e.type === 'SlipHeld' && !isErasedData(e.data)) heldSlipsOpen++;
    }
    return { recorded, registrationOpens, heldSlipsOpen, pendingNotes: (await engine.keyStore!.pendingErasures!(ERASURE_TENANT)).length };
  } finally {
    await engine.close();
  }
}

