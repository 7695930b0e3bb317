import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openSqliteEngine } from '@vaxledger/adapters';
import { EligibilityIndex, scanEligibility } from '@vaxledger/projections';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { EligibilityClerk, ELIGIBILITY_QUERIES as QUERIES, eligibilityOp } from '../support/eligibility-ops.ts';
import { tempDir } from '../support/temp.ts';
import { hostAuthenticated } from '@vaxledger/domain';

const MR2 = { vaccine: 'mr' as const, dose: 2, date: '2026-05-01', statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] as const };

describe('the eligibility index an engine keeps between extractions', () => {
  it('sees what another process wrote to the same store', async () => {
    const file = join(tempDir(), 'city.db');
    const host = await openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    const counter = await openSqliteEngine({ file, tenant: TENANT, authenticator: hostAuthenticated });
    try {
      await host.initTenant('admin.sato');
      const clerk = host.session('admin.sato', 'registration');
      await clerk.registerResident('a', aResident(1, { birthDate: '2020-06-01' }));
      await clerk.registerResident('b', aResident(2, { birthDate: '2020-07-01' }));
      const notices = host.session('admin.sato', 'notices');
      expect((await notices.eligible({ ...MR2, statuses: [...MR2.statuses] })).map((r) => [r.residentId, r.status])).toEqual([['a', 'due'], ['b', 'due']]);

      // Another process (a second engine on the same file) records a dose and registers a resident.
      const other = counter.session('admin.sato', 'registration');
      await other.recordVaccination({ residentId: 'a', vaccine: 'mr', dose: 2, date: '2026-04-10', source: 'clinic-slip' });
      await other.registerResident('c', aResident(3, { birthDate: '2020-08-01' }));
      await other.moveOut('b', '2026-04-20');

      expect((await notices.eligible({ ...MR2, statuses: [...MR2.statuses] })).map((r) => [r.residentId, r.status])).toEqual([['a', 'complete'], ['c', 'due']]);
    } finally {
      await counter.close();
      await host.close();
    }
  });
});

describe('an eligibility index patched with what changed', () => {
  it('extracts exactly what an index built afresh extracts, after any registrations, doses, corrections, voids, moves and erasures', async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(eligibilityOp, { minLength: 1, maxLength: 25 }), async (ops) => {
      const engine = await openSqliteEngine({ file: join(dir, `city-${run++}.db`), tenant: TENANT, create: true, authenticator: hostAuthenticated });
      try {
        await engine.initTenant('admin.sato');
        const clerk = new EligibilityClerk(engine);
        const notices = engine.session('admin.sato', 'notices');
        // Count full scans of the eligibility projection: after the first, extraction must patch, not scan.
        const store = engine.projectionStore;
        const scan = store.scan.bind(store);
        let scans = 0;
        store.scan = (projection, options) => {
          if (projection === 'eligibility') scans++;
          return scan(projection, options);
        };
        const compare = async () => {
          const afresh = new EligibilityIndex(await scanEligibility(store, TENANT), engine.rules);
          scans--;
          for (const q of QUERIES) {
            const query = { ...q, date: '2026-05-01', statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] as const };
            const rows = await notices.eligible({ ...query, statuses: [...query.statuses] });
            expect(rows).toEqual(afresh.query({ ...query, statuses: [...query.statuses] }));
          }
        };
        for (const o of ops) {
          if (o.kind === 'extract') {
            await compare();
            continue;
          }
          await clerk.apply(o);
        }
        await compare();
        expect(scans).toBe(1);
      } finally {
        await engine.close();
      }
    }), { numRuns: 25 });
  }, 120_000);
});
