import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { currentVersionOf, newEventId, streams, type EventToAppend } from '@vaxledger/domain';
import { MemoryEventStore } from '@vaxledger/adapters';
import { ALL_PROJECTIONS, ledgerPrefix, MemoryProjectionStore, ProjectionRunner, type ProjectionStore } from '@vaxledger/projections';
import { TENANT, testMetadata } from '../support/events.ts';

// Ids where one is a prefix of another: an erasure of 0001 must not touch 0001-2's documents.
const RESIDENTS = ['0001', '0001-2', '0002', '00010'] as const;

const recorded = (residentId: string, recordId: string, day: number): EventToAppend => ({
  id: newEventId(), type: 'VaccinationRecorded', schemaVersion: currentVersionOf('VaccinationRecorded'),
  data: { recordId, residentId, source: 'clinic-slip', vaccine: 'mr', dose: 1, date: `2026-10-${String(day).padStart(2, '0')}`, category: 'routine', warnings: [] },
  metadata: testMetadata(),
});
const corrected = (residentId: string, recordId: string): EventToAppend => ({
  id: newEventId(), type: 'VaccinationCorrected', schemaVersion: currentVersionOf('VaccinationCorrected'),
  data: { recordId, residentId, changes: { lot: 'L2' }, reason: '誤記' }, metadata: testMetadata(),
});
const erased = (residentId: string): EventToAppend => ({
  id: newEventId(), type: 'SubjectErased', schemaVersion: currentVersionOf('SubjectErased'),
  data: { residentId, reason: '保存期間の経過', withinRetention: false, slipIds: [] }, metadata: testMetadata(),
});

type Step = { kind: 'record' | 'correct' | 'erase'; resident: number };

async function docs(store: ProjectionStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const p of ALL_PROJECTIONS) for await (const d of store.scan(p.name)) out[`${p.name} ${d.key}`] = d.doc;
  return out;
}

describe('a projection event that ends every document under a key prefix (an erasure)', () => {
  it('leaves none of the person’s documents, whatever was in memory, evicted or committed, and equals a rebuild', async () => {
    const stepArb = fc.record({ kind: fc.constantFrom<Step['kind']>('record', 'record', 'correct', 'erase'), resident: fc.nat(RESIDENTS.length - 1) });
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), async (steps, pageSize, cacheDocs) => {
        const store = new MemoryEventStore();
        const incremental = new MemoryProjectionStore();
        const runner = new ProjectionRunner(store, incremental, ALL_PROJECTIONS, { pageSize, cacheDocs });
        const records = new Map<string, string[]>();
        const gone = new Set<string>();
        let day = 1;
        for (const step of steps) {
          const residentId = RESIDENTS[step.resident]!;
          if (gone.has(residentId)) continue; // the decider refuses anything for an erased person
          const stream = streams.vaccination(TENANT, residentId);
          const mine = records.get(residentId) ?? [];
          if (step.kind === 'record') {
            const recordId = randomUUID();
            mine.push(recordId);
            records.set(residentId, mine);
            await store.append(stream, [recorded(residentId, recordId, 1 + (day++ % 28))], { expectedRevision: 'any' });
          } else if (step.kind === 'correct' && mine.length > 0) {
            await store.append(stream, [corrected(residentId, mine[0]!)], { expectedRevision: 'any' });
          } else if (step.kind === 'erase') {
            gone.add(residentId);
            await store.append(streams.resident(TENANT, residentId), [erased(residentId)], { expectedRevision: 'any' });
          }
          // Catch up now and then, so that some documents are committed (and evicted) before the erasure.
          if (day % 3 === 0) await runner.catchUp();
        }
        await runner.catchUp();

        const stored = await docs(incremental);
        for (const residentId of gone) {
          expect(Object.keys(stored).filter((k) => k.startsWith(`ledger ${ledgerPrefix(TENANT, residentId)}`))).toEqual([]);
        }
        for (const [residentId, ids] of records) {
          if (gone.has(residentId)) continue;
          expect(Object.keys(stored).filter((k) => k.startsWith(`ledger ${ledgerPrefix(TENANT, residentId)}`))).toHaveLength(ids.length);
        }
        const rebuilt = new MemoryProjectionStore();
        await new ProjectionRunner(store, rebuilt, ALL_PROJECTIONS).rebuild();
        expect(stored).toEqual(await docs(rebuilt));
      }),
      { numRuns: 80 },
    );
  });
});
