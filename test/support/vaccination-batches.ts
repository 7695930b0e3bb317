import { currentVersionOf, deterministicId, type EventToAppend } from '@vaxledger/domain';
import { TENANT, testMetadata } from './events.ts';

/** The size of batch b: varied, and computable by whoever checks the store afterwards. */
export const batchSize = (b: number) => 1 + ((b * 7) % 40);
export const batchStream = (b: number) => `${TENANT}/vaccination/c${b % 13}`;
export const batchEventId = (b: number, i: number) => deterministicId('crash-test', String(b), String(i));

/** A batch of valid VaccinationRecorded events whose remarks say which batch they belong to. */
export function vaccinationBatch(b: number): EventToAppend[] {
  const n = batchSize(b);
  return Array.from({ length: n }, (_, i) => ({
    id: batchEventId(b, i),
    type: 'VaccinationRecorded',
    schemaVersion: currentVersionOf('VaccinationRecorded'),
    data: {
      recordId: deterministicId('crash-record', String(b), String(i)),
      residentId: `c${b % 13}`,
      vaccine: 'influenza', dose: 1, date: '2026-10-15', category: 'routine', source: 'clinic-slip',
      lot: `L${b}`, remarks: `${b}:${i}:${n}`, warnings: [],
    },
    metadata: testMetadata({ correlationId: `batch-${b}` }),
  }));
}
