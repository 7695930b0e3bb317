import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import type { VerifyPhase } from '@vaxledger/projections';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

describe('a verification says how far it has gone', () => {
  it('goes through chain, rebuild and compare in order, each counting up to its total', async () => {
    const engine = await openSqliteEngine({ file: join(tempDir(), 'progress.db'), tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const clerk = engine.session('admin.sato', 'registration');
    // Enough rows for several pages of the chain check (1,000 rows a page) and of the comparison.
    for (let i = 0; i < 1200; i++) await clerk.registerResident(String(100000 + i), aResident(i));
    for (let i = 0; i < 300; i++) await clerk.recordVaccination({ residentId: String(100000 + i), vaccine: 'bcg', dose: 1, date: '2026-05-01', source: 'counter' }).catch(() => undefined);
    const calls: Array<[VerifyPhase, number, number]> = [];
    const report = await engine.verify({ onProgress: (phase, done, total) => calls.push([phase, done, total]) });
    expect(report.ok).toBe(true);

    const phases = calls.map(([p]) => p).filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(phases).toEqual(['chain', 'rebuild', 'compare']);
    for (const phase of phases) {
      const mine = calls.filter(([p]) => p === phase);
      expect(mine.length).toBeGreaterThan(1);
      mine.forEach(([, done, total], i) => {
        expect(done).toBeLessThanOrEqual(total);
        if (i > 0) expect(done).toBeGreaterThanOrEqual(mine[i - 1]![1]);
      });
      const [, lastDone, lastTotal] = mine[mine.length - 1]!;
      expect(lastDone).toBe(lastTotal);
    }
    expect(calls.find(([p]) => p === 'chain')![2]).toBe(report.events);
    const compareTotal = calls.find(([p]) => p === 'compare')![2];
    expect(compareTotal).toBe(report.projections.reduce((sum, p) => sum + p.documents, 0));
    await engine.close();
  });
});
