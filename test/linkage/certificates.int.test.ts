import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { AccessDeniedError, DomainError, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();

async function city(name: string): Promise<{ engine: Engine; file: string }> {
  const clock = steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000);
  const file = join(dir, `${name}.db`);
  const engine = await openSqliteEngine({ file, tenant: TENANT, create: true, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const admin = engine.session('admin.sato', 'administration');
  await admin.registerOperator('counter.ono', ['inquiry'], ['inquiry']);
  await admin.registerOperator('clerk.tanaka', ['registration'], ['registration']);
  await admin.registerOperator('privacy.abe', ['disclosure'], ['disclosure']);
  await admin.registerOperator('linkage.kato', ['linkage'], ['linkage']);
  const s = engine.session('clerk.tanaka', 'registration');
  await s.registerResident('000001', aResident(1, { birthDate: '2025-01-10', integratedAddresseeNo: 'K-7731-0042' }));
  await s.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 1, date: '2025-03-15', source: 'clinic-slip', lot: 'AB123' });
  await s.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2025-07-01', source: 'clinic-slip' });
  await s.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 2, date: '2025-04-20', source: 'clinic-slip' });
  return { engine, file };
}

describe('予防接種済証 / 接種証明書', () => {
  it('certifies the active records as corrected, of the vaccines asked for, and puts the issue on the record', async () => {
    const { engine } = await city('certify');
    const s = engine.session('clerk.tanaka', 'registration');
    const records = (await s.viewLedger('000001')).records;
    const hib2 = records.find((r) => r.fields.vaccine === 'hib' && r.fields.dose === 2)!.recordId;
    const bcg = records.find((r) => r.fields.vaccine === 'bcg')!.recordId;
    await s.correctVaccination({ residentId: '000001', recordId: hib2, changes: { date: '2025-04-22' }, reason: '個人票の誤記' });
    await s.voidVaccination({ residentId: '000001', recordId: bcg, reason: '二重登録' });

    const counter = engine.session('counter.ono', 'inquiry');
    const all = await counter.issueCertificate('000001', { identityDocument: '個人番号カード' });
    expect(all).toMatchObject({ municipality: TENANT, residentId: '000001', issuedOn: '2026-04-01', person: { kanjiName: aResident(1).kanjiName, birthDate: '2025-01-10' } });
    expect(all.doses.map((d) => [d.vaccine, d.dose, d.date, d.lot ?? null])).toEqual([['hib', 1, '2025-03-15', 'AB123'], ['hib', 2, '2025-04-22', null]]);
    await expect(counter.issueCertificate('000001', { identityDocument: '運転免許証', vaccines: ['bcg'] })).rejects.toMatchObject({ code: 'nothing-to-certify' });

    const log = await engine.session('admin.sato', 'audit').operationLog({ resident: '000001' });
    const issued = log.filter((e) => e.action === 'certificate.issue');
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ operator: 'counter.ono', purpose: 'inquiry', outcome: 'allowed' });
    expect(issued[0]!.items).toEqual(['certificateId', 'format', 'identityDocument', 'issuedOn', 'recordIds', 'vaccines']);
    await engine.close();
  });

  it('needs the identity document checked and a known vaccine; only the inquiry affair issues', async () => {
    const { engine } = await city('refusals');
    const counter = engine.session('counter.ono', 'inquiry');
    await expect(counter.issueCertificate('000001', { identityDocument: ' ' })).rejects.toMatchObject({ code: 'identity-document-required' });
    await expect(counter.issueCertificate('000001', { identityDocument: '旅券', vaccines: ['smallpox'] })).rejects.toBeInstanceOf(DomainError);
    await expect(counter.issueCertificate('000404', { identityDocument: '旅券' })).rejects.toMatchObject({ code: 'unknown-resident' });
    await expect(engine.session('clerk.tanaka', 'registration').issueCertificate('000001', { identityDocument: '旅券' })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(engine.session('linkage.kato', 'linkage').issueCertificate('000001', { identityDocument: '旅券' })).rejects.toBeInstanceOf(AccessDeniedError);
    const log = await engine.session('admin.sato', 'audit').operationLog({});
    expect(log.filter((e) => e.action === 'certificate.issue').map((e) => e.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'denied', 'denied']);
    await engine.close();
  });

  it('is refused, and the refusal logged, for a person whose use is suspended (利用停止)', async () => {
    const { engine } = await city('suspended');
    const privacy = engine.session('privacy.abe', 'disclosure');
    const r = await privacy.lodgeRequest({ residentId: '000001', kind: 'suspension', receivedOn: '2026-04-01' });
    await privacy.decideRequest(r.requestId, 'granted', '利用停止');
    await expect(engine.session('counter.ono', 'inquiry').issueCertificate('000001', { identityDocument: '旅券' })).rejects.toBeInstanceOf(AccessDeniedError);
    const denied = await engine.session('admin.sato', 'audit').operationLog({ outcome: 'denied' });
    expect(denied.map((e) => [e.action, e.reason])).toEqual([['certificate.issue', 'use-suspended']]);
    await engine.close();
  });

  it('the identity document kind is sealed with the person\'s key; a disclosure lists the 副本 exports that carried the person', async () => {
    const { engine, file } = await city('sealed');
    await engine.session('counter.ono', 'inquiry').issueCertificate('000001', { identityDocument: '在留カードXYZ' });
    await engine.session('linkage.kato', 'linkage').exportCopies({ write: async () => {} });
    const privacy = engine.session('privacy.abe', 'disclosure');
    const r = await privacy.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-04-01' });
    await privacy.decideRequest(r.requestId, 'granted', '全部開示');
    const out = await privacy.disclose(r.requestId);
    expect(out.copies).toHaveLength(1);
    expect(out.operationLog.map((e) => e.action)).toContain('certificate.issue');
    await engine.close();
    for (const f of [file, `${file}-wal`]) {
      let bytes: Buffer;
      try { bytes = readFileSync(f); } catch { continue; }
      expect(bytes.includes(Buffer.from('在留カードXYZ'))).toBe(false);
    }
  });
});
