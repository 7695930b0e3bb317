import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { openSqliteEngine, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { storeBytesAtRest } from '../support/files.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();
const answer = (lines: string[]) => Buffer.from(`統合宛名番号,接種名称区分,期回数区分,接種日,接種区分\r\n${lines.join('\r\n')}\r\n`, 'utf8');

async function city(name: string): Promise<{ engine: Engine; db: string }> {
  const db = join(dir, `${name}.db`);
  const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, clock: steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000), authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const admin = engine.session('admin.sato', 'administration');
  await admin.registerOperator('linkage.kato', ['linkage'], ['linkage']);
  await admin.registerOperator('clerk.tanaka', ['registration'], ['registration']);
  await engine.session('clerk.tanaka', 'registration').registerResident('000001', aResident(1, { birthDate: '2024-05-01', integratedAddresseeNo: 'KX-4417-0001' }));
  return { engine, db };
}

describe('inquiries of another municipality (情報照会)', () => {
  it('an answer under a number the person no longer carries is held, sealed at rest, and goes with the person when erased', async () => {
    const { engine, db } = await city('held-answer');
    const linkage = engine.session('linkage.kato', 'linkage');
    const written: Uint8Array[] = [];
    const sent = await linkage.sendInquiry('000001', { fromMunicipality: '011002', write: async (b) => void written.push(b) });
    expect(Buffer.concat(written).toString('utf8')).toContain(`${sent.inquiryId},${TENANT},011002,KX-4417-0001,`);

    await engine.session('clerk.tanaka', 'registration').changeResidentDetails('000001', { integratedAddresseeNo: 'KX-4417-0002' });
    const summary = await linkage.importInquiryAnswer(answer(['KX-4417-0001,hib,1,2024-07-01,routine']), { fileName: 'answer.csv' });
    expect(summary).toMatchObject({ recorded: 0, held: 1 });
    const [held] = await engine.session('clerk.tanaka', 'registration').suspense();
    expect(held).toMatchObject({ reason: 'no-such-resident', source: 'other-municipality', inquiryId: sent.inquiryId, inquiredResidentId: '000001' });

    // The 統合宛名番号 and the municipality asked are the person's: sealed in every event and document at rest.
    const atRest = storeBytesAtRest(db);
    for (const clear of ['KX-4417-0001', 'KX-4417-0002', '011002']) expect(atRest.includes(Buffer.from(clear)), clear).toBe(false);

    const erased = await engine.session('admin.sato', 'administration').erase('000001', { reason: '本人からの利用停止・消去の申出' });
    expect(erased.counts.heldSlips).toBe(1);
    expect(await engine.session('clerk.tanaka', 'registration').suspense({ status: 'all' })).toEqual([]);
    expect(await linkage.transferPending()).toEqual([]);
    await engine.close();
  });

  it('is refused before any byte is written for a person without a 統合宛名番号 or a code that is not a municipality\'s', async () => {
    const { engine } = await city('refusals');
    await engine.session('clerk.tanaka', 'registration').registerResident('000002', aResident(2));
    const linkage = engine.session('linkage.kato', 'linkage');
    let wrote = 0;
    const write = async () => void wrote++;
    await expect(linkage.sendInquiry('000002', { fromMunicipality: '011002', write })).rejects.toMatchObject({ code: 'no-integrated-addressee-no' });
    await expect(linkage.sendInquiry('000001', { fromMunicipality: '011003', write })).rejects.toMatchObject({ code: 'invalid-municipality' });
    await expect(linkage.sendInquiry('000001', { fromMunicipality: TENANT, write })).rejects.toMatchObject({ code: 'invalid-municipality' });
    await expect(linkage.sendInquiry('000009', { fromMunicipality: '011002', write })).rejects.toMatchObject({ code: 'unknown-resident' });
    // A clerk of another role may not send one: denied and logged.
    await expect(engine.session('clerk.tanaka', 'registration').sendInquiry('000001', { fromMunicipality: '011002', write })).rejects.toMatchObject({ kind: 'denied' });
    expect(wrote).toBe(0);
    await engine.close();
  });
});
