// Attack (issue 19 item 6): reasons are free text a clerk types — `erase --reason`, `operator deactivate --reason` —
// and may name a person or a relative. They were kept in clear in the database; they are now sealed at rest under keys
// of their own (no erasure destroys them), and still read back for the auditor.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { tempDir } from '../../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, storeBytesAtRest } from '../../support/files.ts';

const ERASE_REASON = '保存期間内: 母 山田花子からの申出 (電話 022-123-4567)';
const DEACTIVATE_REASON = '田中一郎 異動のため';

describe('reasons at rest', () => {
  it('seals erase and deactivation reasons in the database and its WAL, and the auditor still reads them', async () => {
    const db = join(tempDir(), 'reasons.db');
    const clock = steppingClock(new Date('2026-06-01T00:00:00Z'), 1000);
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const admin = engine.session('admin.sato', 'administration');
    await admin.registerOperator('clerk.tanaka', ['registration'], ['registration']);
    await engine.session('admin.sato', 'registration').importRegistry(
      csvBytes([REGISTRY_HEADER, registryRow({ id: '000101', kana: 'ヤマダ タロウ', kanji: '山田 太郎', birth: '2025-05-17', sex: '1', address: '仙台市青葉区一丁目' })]),
      { fileName: 'r.csv' },
    );
    await admin.deactivateOperator('clerk.tanaka', DEACTIVATE_REASON);
    await admin.erase('000101', { reason: ERASE_REASON });

    const bytes = storeBytesAtRest(db);
    for (const text of [ERASE_REASON, DEACTIVATE_REASON, '山田花子', '田中一郎', '022-123-4567']) {
      expect(bytes.includes(Buffer.from(text, 'utf8')), text.slice(0, 4)).toBe(false);
    }
    // Sealed, not lost: the events open with the store's keys (the erasure destroyed the person's key, not these).
    const reasons: string[] = [];
    for await (const e of engine.store.readAll()) {
      if (e.type === 'SubjectErased' || e.type === 'OperatorDeactivated') reasons.push((e.data as { reason: string }).reason);
    }
    expect(reasons).toEqual([DEACTIVATE_REASON, ERASE_REASON]);
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
  });
});
