import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AccessDeniedError, steppingClock, WrongExpectedRevisionError, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore, openSqliteEngine, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();

/** Three residents on a real SQLite file: two with a 統合宛名番号, one without. */
async function city(name: string): Promise<Engine> {
  const clock = steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000);
  const engine = await openSqliteEngine({ file: join(dir, `${name}.db`), tenant: TENANT, create: true, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const admin = engine.session('admin.sato', 'administration');
  await admin.registerOperator('linkage.kato', ['linkage'], ['linkage']);
  await admin.registerOperator('clerk.tanaka', ['registration'], ['registration']);
  const s = engine.session('clerk.tanaka', 'registration');
  await s.registerResident('000001', aResident(1, { birthDate: '2025-01-10', integratedAddresseeNo: 'K-7731-0042' }));
  await s.registerResident('000002', aResident(2, { birthDate: '2025-02-10', integratedAddresseeNo: 'K-7731-0043' }));
  await s.registerResident('000003', aResident(3, { birthDate: '2025-03-10' }));
  await s.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2025-07-01', source: 'clinic-slip' });
  await s.recordVaccination({ residentId: '000002', vaccine: 'hib', dose: 1, date: '2025-04-15', source: 'clinic-slip' });
  await s.recordVaccination({ residentId: '000003', vaccine: 'bcg', dose: 1, date: '2025-08-01', source: 'clinic-slip' });
  return engine;
}

/** Exports with a `write` that keeps the bytes, as a host (or the CLI, to a temporary file) would. */
async function exportNow(engine: Engine, options: { full?: boolean } = {}) {
  const chunks: Buffer[] = [];
  const summary = await engine.session('linkage.kato', 'linkage').exportCopies({ ...options, write: async (chunk) => void chunks.push(Buffer.from(chunk)) });
  const file = Buffer.concat(chunks);
  return { summary, file, rows: parse(file.toString('utf8'), { columns: true }) as Array<Record<string, string>> };
}

describe('副本 for the intermediate server (中間サーバ)', () => {
  it('holds the 統合宛名番号 and the records only; the export is on the record with the file\'s hash', async () => {
    const engine = await city('full');
    // a newborn with no record yet: nobody needs a copy of nothing
    await engine.session('clerk.tanaka', 'registration').registerResident('000004', aResident(4, { integratedAddresseeNo: 'K-7731-0045' }));
    const { summary, file, rows } = await exportNow(engine);
    expect(file.includes(Buffer.from('K-7731-0045'))).toBe(false);
    expect(file.toString('utf8').split('\r\n')[0]).toBe('統合宛名番号,接種名称区分,期回数区分,接種日,接種区分');
    expect(rows).toEqual([
      { 統合宛名番号: 'K-7731-0042', 接種名称区分: 'bcg', 期回数区分: '1', 接種日: '2025-07-01', 接種区分: 'routine' },
      { 統合宛名番号: 'K-7731-0043', 接種名称区分: 'hib', 期回数区分: '1', 接種日: '2025-04-15', 接種区分: 'routine' },
    ]);
    expect(summary).toMatchObject({ full: true, fromPosition: 0, residents: 2, records: 2, unlinked: 1 });
    expect(summary.fileHash).toBe(createHash('sha256').update(file).digest('hex'));
    // Nothing that names, locates or dates the person, nor the municipality's own number.
    for (const n of [1, 2]) {
      const r = aResident(n);
      for (const value of [r.kanaName, r.kanjiName, r.address, `00000${n}`, n === 1 ? '2025-01-10' : '2025-02-10']) expect(file.includes(Buffer.from(value))).toBe(false);
    }
    const log = await engine.session('admin.sato', 'audit').operationLog({ byOperator: 'linkage.kato' });
    expect(log.map((e) => [e.action, e.purpose, e.outcome])).toContainEqual(['copies.export', 'linkage', 'allowed']);
    await engine.close();
  });

  it('an incremental export holds exactly the persons changed since the last one; an emptied ledger is one empty row', async () => {
    const engine = await city('incremental');
    const first = await exportNow(engine);
    const s = engine.session('clerk.tanaka', 'registration');
    const recordId = (await s.viewLedger('000001')).records[0]!.recordId;
    await s.voidVaccination({ residentId: '000001', recordId, reason: '二重登録' });
    await s.recordVaccination({ residentId: '000003', vaccine: 'hib', dose: 1, date: '2025-05-10', source: 'clinic-slip' });
    await s.viewLedger('000002'); // a read changes nobody's copy
    const second = await exportNow(engine);
    expect(second.summary).toMatchObject({ full: false, fromPosition: first.summary.throughPosition, residents: 1, records: 0, unlinked: 1 });
    expect(second.rows).toEqual([{ 統合宛名番号: 'K-7731-0042', 接種名称区分: '', 期回数区分: '', 接種日: '', 接種区分: '' }]);
    // 000003 gets a 統合宛名番号: from then on it is sent, with every record it has
    await s.changeResidentDetails('000003', { integratedAddresseeNo: 'K-7731-0044' });
    const third = await exportNow(engine);
    expect(third.rows.map((r) => [r.統合宛名番号, r.接種名称区分])).toEqual([['K-7731-0044', 'bcg'], ['K-7731-0044', 'hib']]);
    expect((await exportNow(engine)).summary).toMatchObject({ residents: 0, records: 0, unlinked: 0 });
    // --full sends everyone again
    expect((await exportNow(engine, { full: true })).summary).toMatchObject({ full: true, residents: 3, unlinked: 0 });
    await engine.close();
  });

  it('a file that could not be written is not recorded as handed over: the next export covers the same persons', async () => {
    const engine = await city('write-fails');
    const linkage = engine.session('linkage.kato', 'linkage');
    await expect(linkage.exportCopies({ write: async () => { throw new Error('disk full'); } })).rejects.toThrow('disk full');
    expect((await engine.session('admin.sato', 'audit').operationLog({ byOperator: 'linkage.kato' })).map((e) => e.action)).not.toContain('copies.export');
    expect((await exportNow(engine)).summary).toMatchObject({ full: true, residents: 2 });
    await engine.close();
  });

  it('of two exports at once, one is refused (they would start from the same position), and nothing of it is recorded', async () => {
    const engine = await city('concurrent');
    let arrived = 0;
    let release!: () => void;
    const bothWritten = new Promise<void>((r) => (release = r));
    // Each export waits in `write` until both have read where the last export ended.
    const write = async () => {
      if (++arrived === 2) release();
      await bothWritten;
    };
    const outcomes = await Promise.allSettled([
      engine.session('linkage.kato', 'linkage').exportCopies({ write }),
      engine.session('linkage.kato', 'linkage').exportCopies({ write }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    const log = await engine.session('admin.sato', 'audit').operationLog({ byOperator: 'linkage.kato' });
    expect(log.filter((e) => e.action === 'copies.export')).toHaveLength(1);
    await engine.close();
  });

  it('writes a large export a page at a time, every row once, hashed over all the pages', async () => {
    const engine = createEngine({ store: new MemoryEventStore(), tenant: TENANT, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    for (let n = 1; n <= 2500; n++) {
      const id = String(n).padStart(6, '0');
      await s.registerResident(id, aResident(n, { birthDate: '2025-01-10', integratedAddresseeNo: `K-${id}` }));
      await s.recordVaccination({ residentId: id, vaccine: 'bcg', dose: 1, date: '2025-07-01', source: 'clinic-slip' });
    }
    const chunks: Buffer[] = [];
    const summary = await engine.session('admin.sato', 'linkage').exportCopies({ write: async (c) => void chunks.push(Buffer.from(c)) });
    expect(chunks.length).toBeGreaterThan(3); // the header, then one chunk per page of persons
    const file = Buffer.concat(chunks);
    const rows = parse(file.toString('utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(new Set(rows.map((r) => r['統合宛名番号'])).size).toBe(2500);
    expect(summary).toMatchObject({ residents: 2500, records: 2500 });
    expect(summary.fileHash).toBe(createHash('sha256').update(file).digest('hex'));
  }, 120_000);

  it('only the linkage affair exports (deny by default), and a refusal is on the record', async () => {
    const engine = await city('denied');
    await expect(engine.session('clerk.tanaka', 'registration').exportCopies({ write: async () => {} })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(engine.session('linkage.kato', 'registration').exportCopies({ write: async () => {} })).rejects.toBeInstanceOf(AccessDeniedError);
    const denied = await engine.session('admin.sato', 'audit').operationLog({ outcome: 'denied' });
    expect(denied.map((e) => [e.operator, e.action])).toEqual([['clerk.tanaka', 'copies.export'], ['linkage.kato', 'copies.export']]);
    await engine.close();
  });
});
