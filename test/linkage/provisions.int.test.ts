import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AccessDeniedError, PROVISION_RULES, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { FileKeyStore, openScratchProjectionStore, openSqliteEngine, SqliteEventStore, SubjectCipher, type Engine } from '@vaxledger/adapters';
import { ProjectionRunner, provisionsProjection } from '@vaxledger/projections';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();

/** Two infants on a real SQLite file, both with a 統合宛名番号 and a BCG dose, both due for Hib 1 on 2026-04-01. */
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
  await admin.registerOperator('notices.ueda', ['notices'], ['notices']);
  await admin.registerOperator('audit.mori', ['audit'], ['audit']);
  const s = engine.session('clerk.tanaka', 'registration');
  await s.registerResident('000001', aResident(1, { birthDate: '2026-01-10', integratedAddresseeNo: 'K-7731-0042' }));
  await s.registerResident('000002', aResident(2, { birthDate: '2026-01-12', integratedAddresseeNo: 'K-7731-0043' }));
  for (const residentId of ['000001', '000002']) await s.recordVaccination({ residentId, vaccine: 'bcg', dose: 1, date: '2026-03-15', source: 'clinic-slip', lot: 'BC01' });
  return { engine, file };
}

/** Everything the engine hands out about 000001: a 副本, a certificate, a notice run, a granted disclosure. */
async function handOut(engine: Engine): Promise<{ exportId: string; certificateId: string; runId: string; requestId: string }> {
  const { exportId } = await engine.session('linkage.kato', 'linkage').exportCopies({ write: async () => {} });
  const { certificateId } = await engine.session('counter.ono', 'inquiry').issueCertificate('000001', { identityDocument: '運転免許証' });
  const run = await engine.session('notices.ueda', 'notices').issueNotices('ticket', { vaccine: 'hib', dose: 1, date: '2026-04-01' });
  expect(run.notices.map((n) => n.residentId).sort()).toEqual(['000001', '000002']);
  const privacy = engine.session('privacy.abe', 'disclosure');
  const { requestId } = await privacy.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-04-01' });
  await privacy.decideRequest(requestId, 'granted', '全部開示');
  return { exportId, certificateId, runId: run.runId, requestId };
}

const sealedRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { key: string; doc: string }>("SELECT key, doc FROM projection_docs WHERE projection = 'provisions'").all();
  } finally {
    db.close();
  }
};

describe('提供の記録 (the provision record)', () => {
  it('lists each provision with its recipient, items, time, purpose and basis, and the operator who decided it; the read is on the record', async () => {
    const { engine, file } = await city('record');
    const ids = await handOut(engine);
    const { provisions } = await engine.session('audit.mori', 'audit').provisions('000001');
    expect(provisions.map((p) => [p.kind, p.provisionId, p.recipient, p.purpose, p.basis, p.operatorId])).toEqual([
      ['copies', ids.exportId, 'intermediate-server', 'linkage', 'my-number-act-19-8', 'linkage.kato'],
      ['certificate', ids.certificateId, 'person-or-representative', 'inquiry', 'immunization-rules-4', 'counter.ono'],
      ['notices', ids.runId, 'person-by-mail', 'notices', 'immunization-order-6', 'notices.ueda'],
      ['disclosure', ids.requestId, 'requester', 'disclosure', 'personal-information-act-76', 'privacy.abe'],
    ]);
    for (const p of provisions) expect(p.items).toEqual(PROVISION_RULES[p.kind].items);
    // When: the instant each was put on the record, in order (the stepping clock moves a minute a call).
    const times = provisions.map((p) => Date.parse(p.at));
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    expect(provisions[1]!.detail).toEqual({ records: 1, identityDocument: '運転免許証', format: 'text' });
    expect(provisions[2]!.detail).toEqual({ noticeKind: 'ticket', vaccine: 'hib', dose: 1 });
    // The other infant: the 副本 and the notice run only.
    expect((await engine.session('audit.mori', 'audit').provisions('000002')).provisions.map((p) => p.kind)).toEqual(['copies', 'notices']);

    const log = await engine.session('admin.sato', 'audit').operationLog({ resident: '000001' });
    expect(log.filter((e) => e.action === 'provisions.view').map((e) => [e.operator, e.purpose, e.outcome, e.items])).toEqual([
      ['audit.mori', 'audit', 'allowed', ['residentId', 'provisions']],
    ]);

    // The documents rest sealed with the person's key: no operator, item or identity document in clear.
    const rows = sealedRows(file);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const r of rows) {
      expect(r.doc.startsWith('{"$sealed":')).toBe(true);
      for (const clear of ['運転免許証', 'counter.ono', 'intermediate-server']) expect(r.doc).not.toContain(clear);
    }
    await engine.close();
  });

  it('a granted disclosure hands the person their provisions, the disclosure itself included', async () => {
    const { engine } = await city('disclose');
    const ids = await handOut(engine);
    const out = await engine.session('privacy.abe', 'disclosure').disclose(ids.requestId);
    expect(out.provisions.map((p) => p.kind)).toEqual(['copies', 'certificate', 'notices', 'disclosure']);
    expect(out.provisions[0]).toMatchObject({ recipient: 'intermediate-server', items: ['integratedAddresseeNo', 'vaccine', 'dose', 'date', 'category'] });
    const log = await engine.session('admin.sato', 'audit').operationLog({ resident: '000001' });
    expect(log.find((e) => e.action === 'disclosure.export')?.items).toContain('provisions');
    // Acting for disclosure, the provision record itself is read within the person's request only.
    expect((await engine.session('privacy.abe', 'disclosure').provisions('000001')).provisions).toHaveLength(4);
    await expect(engine.session('privacy.abe', 'disclosure').provisions('000002')).rejects.toMatchObject({ reason: 'no-request' });
    await engine.close();
  });

  it('is denied, and the denial logged, to a clerk without the role or acting for another affair', async () => {
    const { engine } = await city('denied');
    await handOut(engine);
    await expect(engine.session('clerk.tanaka', 'registration').provisions('000001')).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(engine.session('counter.ono', 'inquiry').provisions('000001')).rejects.toBeInstanceOf(AccessDeniedError);
    await engine.session('admin.sato', 'administration').registerOperator('clerk.audit-purpose', ['registration'], ['audit']);
    await expect(engine.session('clerk.audit-purpose', 'audit').provisions('000001')).rejects.toMatchObject({ reason: 'role-not-allowed' });
    const denied = await engine.session('admin.sato', 'audit').operationLog({ outcome: 'denied' });
    expect(denied.filter((e) => e.action === 'provisions.view').map((e) => [e.operator, e.reason])).toEqual([
      ['clerk.tanaka', 'purpose-not-allowed'], ['counter.ono', 'purpose-not-allowed'], ['clerk.audit-purpose', 'role-not-allowed'],
    ]);
    // A denial shows nothing and records no read.
    const log = await engine.session('admin.sato', 'audit').operationLog({ outcome: 'allowed' });
    expect(log.filter((e) => e.action === 'provisions.view')).toEqual([]);
    await engine.close();
  });

  it('an inquiry of another municipality (transfer inquire) is a provision to the intermediate server of the 統合宛名番号 alone, with the municipality asked', async () => {
    const { engine } = await city('inquiry');
    const { inquiryId } = await engine.session('linkage.kato', 'linkage').sendInquiry('000001', { fromMunicipality: '011002', write: async () => {} });
    const { provisions } = await engine.session('audit.mori', 'audit').provisions('000001');
    expect(provisions.map((p) => [p.kind, p.provisionId, p.recipient, p.items, p.purpose, p.basis, p.operatorId, p.detail])).toEqual([
      ['inquiry', inquiryId, 'intermediate-server', ['integratedAddresseeNo'], 'linkage', 'my-number-act-19-8', 'linkage.kato', { toMunicipality: '011002' }],
    ]);
    expect((await engine.session('audit.mori', 'audit').provisions('000002')).provisions).toEqual([]);
    await engine.close();
  });

  it('a request letter (依頼書) is a provision to the outside clinic at each issue, a reissue again', async () => {
    const { engine } = await city('letter');
    const clerk = engine.session('clerk.tanaka', 'registration');
    const { letterId } = await clerk.lodgeLetter({ residentId: '000001', vaccine: 'hib', dose: 1, stayAddress: '福岡市中央区天神一丁目', reason: '里帰り出産', clinicName: '天神こどもクリニック' });
    await clerk.issueLetter(letterId, { documentNumber: '健第123号', approvalNumber: 'K-1' });
    await clerk.issueLetter(letterId, { documentNumber: '健第124号', approvalNumber: 'K-2', reissueReason: '紛失' });
    const { provisions } = await engine.session('audit.mori', 'audit').provisions('000001');
    expect(provisions.map((p) => [p.kind, p.provisionId, p.recipient, p.basis, p.operatorId, p.detail])).toEqual([
      ['request-letter', letterId, 'outside-clinic', 'immunization-act-5', 'clerk.tanaka', { documentNumber: '健第123号' }],
      ['request-letter', letterId, 'outside-clinic', 'immunization-act-5', 'clerk.tanaka', { documentNumber: '健第124号', reissue: true }],
    ]);
    expect(provisions[0]!.items).toContain('stay');
    await engine.close();
  });

  it('after the person\'s erasure their provisions are gone, also from a rebuild that commits between the export and the erasure', async () => {
    const { engine, file } = await city('erased');
    await handOut(engine);
    await engine.session('admin.sato', 'administration').erase('000001', { reason: '本人の申出による消去' });
    await expect(engine.session('audit.mori', 'audit').provisions('000001')).rejects.toMatchObject({ code: 'unknown-resident' });
    expect(sealedRows(file).map((r) => r.key).filter((k) => k.startsWith(`${TENANT}/000001/`))).toEqual([]);
    expect((await engine.session('audit.mori', 'audit').provisions('000002')).provisions.map((p) => p.kind)).toEqual(['copies', 'notices']);
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();

    // The 副本 and the notice run name the person in clear (ids only): a rebuild one event a page replays them, and
    // commits, before it reaches the erasure. It keeps nothing of theirs, and does not fail on their destroyed key.
    const keyStore = FileKeyStore.besideDatabase(file, { create: false });
    const cipher = new SubjectCipher(keyStore);
    const store = SqliteEventStore.open(file, { codec: cipher });
    const scratch = openScratchProjectionStore(cipher);
    try {
      await new ProjectionRunner(store, scratch.store, [provisionsProjection], { pageSize: 1, maxEventsBetweenCommits: 1 }).rebuild();
      const keys: string[] = [];
      for await (const d of scratch.store.scan('provisions')) keys.push(d.key);
      expect(keys.some((k) => k.startsWith(`${TENANT}/000001/`))).toBe(false);
      expect(keys.filter((k) => k.startsWith(`${TENANT}/000002/`))).toHaveLength(2);
    } finally {
      scratch.dispose();
      store.close();
    }
    for (const f of [file, `${file}-wal`]) {
      let bytes: Buffer;
      try { bytes = readFileSync(f); } catch { continue; }
      expect(bytes.includes(Buffer.from('運転免許証'))).toBe(false);
    }
  });
});
