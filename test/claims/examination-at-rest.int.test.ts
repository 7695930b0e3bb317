import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { TENANT } from '../support/events.ts';
import { REPO_ROOT } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow, storeBytesAtRest } from '../support/files.ts';

describe('an examination without vaccination (予診のみ) at rest', () => {
  it('is sealed in the event and in its projection document on a real SQLite file, and claimed after a reopen', async () => {
    const db = join(tempDir(), 'exam.db');
    const clock = steppingClock(new Date('2026-06-05T01:00:00Z'));
    let engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'administration').loadFeeTable({ fileName: 'fees.json', text: readFileSync(join(REPO_ROOT, 'examples/fees/sendai-2026.json'), 'utf8') });
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importRegistry(csvBytes([REGISTRY_HEADER, registryRow({ id: '000101', kana: 'サトウ ハルト', kanji: '佐藤 陽翔', birth: '2026-01-10', sex: '1', address: '仙台市青葉区1' })]), { fileName: 'registry.csv' });
    await clerk.registerClinic({ clinicNo: '0410001', name: '試験こどもクリニック', location: 'inside-city' });
    // A reason code no other item holds, so that finding it in the files would mean it is in clear.
    await clerk.importSlips(csvBytes([
      [...SLIP_HEADER, '予診理由区分'],
      [...slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-10', sex: '1', vaccine: 'hib', dose: '1', date: '2026-04-10' }), 'ZQ9XK'],
    ]), { fileName: 'slips.csv' });
    await engine.close();
    expect(storeBytesAtRest(db).includes(Buffer.from('ZQ9XK'))).toBe(false);

    engine = await openSqliteEngine({ file: db, tenant: TENANT, clock, authenticator: hostAuthenticated });
    const [claim] = (await engine.session('admin.sato', 'registration').claims({ month: '2026-06' })).clinics;
    expect(claim!.lines.map((l) => [l.kind, l.residentId, l.amount])).toEqual([['examination', '000101', 3300]]);
    await engine.close();
  });
});
