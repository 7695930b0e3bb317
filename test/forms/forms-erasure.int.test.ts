import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated } from '@vaxledger/domain';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { storeBytesAtRest } from '../support/files.ts';

const jstDay = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('forms and erasure', () => {
  it('an erased person\'s form facts go with their key; the store verifies and rebuilds; a neighbour\'s forms remain', async () => {
    const dir = tempDir();
    const file = join(dir, 'forms-erasure.db');
    let engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const born = jstDay(-120);
    for (const n of [1, 2]) await engine.session('admin.sato', 'registration').registerResident(`00000${n}`, aResident(n, { birthDate: born }));
    const notices = engine.session('admin.sato', 'notices');
    const run = await notices.issueNotices('ticket', { vaccine: 'hib', dose: 1, date: jstDay(0) });
    const [mine, theirs] = run.notices.map((n) => n.formNumber) as [string, string];
    await notices.markForm(mine, { mailed: { on: jstDay(0) } });
    await notices.markForm(mine, { returned: { reason: '転居先不明の返戻', on: jstDay(0) } });
    const { newFormNumber } = await notices.reissueForm(mine, { reason: 'other', note: '本人の申出による再送' });
    await notices.markForm(theirs, { returned: { reason: '受取拒否の返戻', on: jstDay(0) } });
    expect((await notices.forms({ returned: true })).map((f) => f.formNumber)).toEqual([mine, theirs]);

    await engine.session('admin.sato', 'administration').erase('000001', { reason: '試験のための消去' });
    expect(storeBytesAtRest(file).includes(Buffer.from('転居先不明の返戻'))).toBe(false);
    expect(storeBytesAtRest(file).includes(Buffer.from('本人の申出による再送'))).toBe(false);
    const left = await notices.forms();
    expect(left.map((f) => f.residentId)).toEqual(['000002']);
    expect(left[0]).toMatchObject({ formNumber: theirs, returned: { reason: '受取拒否の返戻' } });
    await expect(notices.reissueForm(newFormNumber, { reason: 'lost' })).rejects.toMatchObject({ code: 'unknown-form' });
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();

    // A rebuild from zero (the projections' version forgotten) reads the erased events' clear ids only, and never
    // writes a sealed document for a person whose key is gone.
    engine = await openSqliteEngine({ file, tenant: '041009', authenticator: hostAuthenticated });
    await engine.rebuildProjections();
    const after = await engine.session('admin.sato', 'notices').forms();
    expect(after.map((f) => [f.formNumber, f.returned?.reason])).toEqual([[theirs, '受取拒否の返戻']]);
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
  }, 120_000);
});
