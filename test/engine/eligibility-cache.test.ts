import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openSqliteEngine } from '@vaxledger/adapters';
import { EligibilityIndex, scanEligibility } from '@vaxledger/projections';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

const MR2 = { vaccine: 'mr' as const, dose: 2, date: '2026-05-01', statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] as const };

describe('the eligibility index an engine keeps between extractions', () => {
  it('sees what another process wrote to the same store', async () => {
    const file = join(tempDir(), 'city.db');
    const host = await openSqliteEngine({ file, tenant: TENANT, create: true });
    const counter = await openSqliteEngine({ file, tenant: TENANT });
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

type Op =
  | { kind: 'register'; who: number; birth: string }
  | { kind: 'record'; who: number; vaccine: 'mr' | 'hib'; dose: number; date: string }
  | { kind: 'correct'; who: number; date: string }
  | { kind: 'void'; who: number }
  | { kind: 'moveOut'; who: number }
  | { kind: 'moveIn'; who: number }
  | { kind: 'erase'; who: number }
  | { kind: 'extract' };

const who = fc.integer({ min: 0, max: 5 });
const day = fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), who, birth: fc.integer({ min: 0, max: 2500 }).map((d) => new Date(Date.UTC(2019, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)) }),
  fc.record({ kind: fc.constant('record' as const), who, vaccine: fc.constantFrom('mr' as const, 'hib' as const), dose: fc.integer({ min: 1, max: 2 }), date: day }),
  fc.record({ kind: fc.constant('correct' as const), who, date: day }),
  fc.record({ kind: fc.constant('void' as const), who }),
  fc.record({ kind: fc.constant('moveOut' as const), who }),
  fc.record({ kind: fc.constant('moveIn' as const), who }),
  fc.record({ kind: fc.constant('erase' as const), who }),
  fc.constant({ kind: 'extract' as const }),
);
// Ids that extend one another, so that the index's order is tested where key order and id order part.
const ids = ['0001', '0001-2', '00010', '0002', '0002/x', 'a'].map((id) => id.replace('/', '_'));
const QUERIES = [{ vaccine: 'mr', dose: 1 }, { vaccine: 'mr', dose: 2 }, { vaccine: 'hib', dose: 1 }, { vaccine: 'hib', dose: 2 }] as const;

describe('an eligibility index patched with what changed', () => {
  it('extracts exactly what an index built afresh extracts, after any registrations, doses, corrections, voids, moves and erasures', async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      const engine = await openSqliteEngine({ file: join(dir, `city-${run++}.db`), tenant: TENANT, create: true });
      try {
        await engine.initTenant('admin.sato');
        const clerk = engine.session('admin.sato', 'registration');
        const notices = engine.session('admin.sato', 'notices');
        const admin = engine.session('admin.sato', 'administration');
        // Count full scans of the eligibility projection: after the first, extraction must patch, not scan.
        const store = engine.projectionStore;
        const scan = store.scan.bind(store);
        let scans = 0;
        store.scan = (projection, options) => {
          if (projection === 'eligibility') scans++;
          return scan(projection, options);
        };
        const records = new Map<number, string[]>();
        const registered = new Set<number>();
        const erased = new Set<number>();
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
          const id = ids[o.who]!;
          if (erased.has(o.who)) continue;
          if (o.kind === 'register') {
            if (registered.has(o.who)) continue;
            await clerk.registerResident(id, aResident(o.who, { birthDate: o.birth }));
            registered.add(o.who);
          } else if (!registered.has(o.who)) {
            continue;
          } else if (o.kind === 'record') {
            const r = await clerk.recordVaccination({ residentId: id, vaccine: o.vaccine, dose: o.dose, date: o.date, source: 'clinic-slip' });
            records.set(o.who, [...(records.get(o.who) ?? []), r.recordId]);
          } else if (o.kind === 'correct' || o.kind === 'void') {
            const recordId = records.get(o.who)?.pop();
            if (recordId === undefined) continue;
            if (o.kind === 'correct') {
              await clerk.correctVaccination({ residentId: id, recordId, changes: { date: o.date }, reason: '接種日の誤記' });
              records.get(o.who)!.unshift(recordId);
            } else {
              await clerk.voidVaccination({ residentId: id, recordId, reason: '二重登録' });
            }
          } else if (o.kind === 'moveOut') {
            await clerk.moveOut(id, '2026-04-20').catch(() => undefined);
          } else if (o.kind === 'moveIn') {
            await clerk.moveIn(id, '2026-04-25').catch(() => undefined);
          } else if (o.kind === 'erase') {
            await admin.erase(id, { reason: '本人の求め (テスト)' });
            erased.add(o.who);
          }
        }
        await compare();
        expect(scans).toBe(1);
      } finally {
        await engine.close();
      }
    }), { numRuns: 25 });
  }, 120_000);
});
