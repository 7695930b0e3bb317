import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine } from '@vaxledger/adapters';
import { cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

/**
 * A store written by an earlier version of the library holds a projection at the version that version built. `verify`
 * must not call that tampering; the next use of the store rebuilds it from the events, and from then on it is compared.
 */
describe('a projection stored at another version', () => {
  it('is reported, not compared, by verify; the next use rebuilds it, and verify compares it again', async () => {
    const file = join(tempDir(), 'older.db');
    const engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000101', aResident(1));
    await s.recordVaccination({ residentId: '000101', vaccine: 'mr', dose: 1, date: '2025-05-01', source: 'counter' });
    await engine.close();
    const sql = (statement: string) => {
      const db = new Database(file);
      try {
        db.prepare(statement).run();
      } finally {
        db.close();
      }
    };
    // What an older version left: another version mark, and documents of another shape (one that is not JSON of
    // this version's ledger at all).
    sql("UPDATE projection_checkpoints SET version = version - 1 WHERE projection = 'ledger'");
    sql("UPDATE projection_docs SET doc = '{\"older\":true}' WHERE projection = 'ledger'");

    const before = await runCli(['verify', '--db', file, '--json']);
    expect(before.code).toBe(0);
    const report = JSON.parse(before.stdout) as { ok: boolean; projections: Array<{ name: string; staleVersion?: number }> };
    expect(report.ok).toBe(true);
    expect(report.projections.find((p) => p.name === 'ledger')!.staleVersion).toBeTypeOf('number');
    expect(report.projections.filter((p) => p.staleVersion !== undefined).map((p) => p.name)).toEqual(['ledger']);
    expect((await runCli(['verify', '--db', file])).stdout).toContain('ledger: stored at version');

    // Any use of the store catches up, which rebuilds the projection at this version.
    const again = await openSqliteEngine({ file, tenant: '041009', authenticator: hostAuthenticated });
    const view = await again.session('admin.sato', 'inquiry').viewLedger('000101');
    expect(view.records.map((r) => r.fields.vaccine)).toEqual(['mr']);
    await again.close();
    const after = JSON.parse((await runCli(['verify', '--db', file, '--json'])).stdout) as typeof report;
    expect(after.ok).toBe(true);
    expect(after.projections.every((p) => p.staleVersion === undefined)).toBe(true);

    // Compared again: a document changed behind the engine is found.
    sql("UPDATE projection_docs SET doc = '{\"older\":true}' WHERE projection = 'ledger'");
    const tampered = await runCli(['verify', '--db', file, '--json']);
    expect(tampered.code).toBe(1);
  }, cliTimeout(4));
});
