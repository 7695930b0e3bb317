import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { REPO_ROOT, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

function runWorker(db: string, staged: string, when: 'while-writing' | 'after-record'): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(join(REPO_ROOT, 'test/crash/copy-export-worker.ts'), [db, staged, when]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => (signal ? resolve(signal) : code === 0 ? resolve(null) : reject(new Error(stderr.slice(0, 800)))));
  });
}

async function city(db: string): Promise<void> {
  const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const s = engine.session('admin.sato', 'registration');
  // more than one page of persons (a page is 1,000), so that a kill can land between two pages
  for (let n = 1; n <= 1200; n++) {
    const id = String(n).padStart(6, '0');
    await s.registerResident(id, aResident(n, { birthDate: '2025-01-10', integratedAddresseeNo: `K-${id}` }));
    await s.recordVaccination({ residentId: id, vaccine: 'bcg', dose: 1, date: '2025-07-01', source: 'clinic-slip' });
  }
  await engine.close();
}

describe('副本 export killed with SIGKILL (a real child process)', () => {
  it('while writing: nothing is recorded, and the next export covers everyone again', async () => {
    const dir = tempDir();
    const db = join(dir, 'copies.db');
    await city(db);
    expect(await runWorker(db, join(dir, 'staged.csv'), 'while-writing')).toBe('SIGKILL');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', authenticator: hostAuthenticated });
    const log = await engine.session('admin.sato', 'audit').operationLog({ byOperator: 'admin.sato' });
    expect(log.map((e) => e.action)).not.toContain('copies.export');
    const next = await engine.session('admin.sato', 'linkage').exportCopies({ write: async () => {} });
    expect(next).toMatchObject({ full: true, fromPosition: 0, residents: 1200 });
    await engine.close();
  }, 180_000);

  it('after the record, before the rename: the staged file is the one on the record, so it can be handed over', async () => {
    const dir = tempDir();
    const db = join(dir, 'copies.db');
    await city(db);
    const staged = join(dir, 'staged.csv');
    expect(await runWorker(db, staged, 'after-record')).toBe('SIGKILL');
    expect(existsSync(staged)).toBe(true);
    const engine = await openSqliteEngine({ file: db, tenant: '041009', authenticator: hostAuthenticated });
    const found = await engine.session('admin.sato', 'audit').findCopyExport(readFileSync(staged));
    expect(found).toMatchObject({ full: true, residents: 1200, records: 1200 });
    // and the next export starts where that one ended
    expect(await engine.session('admin.sato', 'linkage').exportCopies({ write: async () => {} })).toMatchObject({ full: false, residents: 0 });
    await engine.close();
  }, 180_000);
});
