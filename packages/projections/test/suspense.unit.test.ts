import { describe, it } from 'vitest';
import { deterministicId, type EventData, type Slip } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { suspenseProjection, type SuspenseDoc } from '../src/index.ts';
import { domainEvent, projected, projectedErased, RECORDED_AT, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(suspenseProjection);
const batchId = deterministicId('spec', 'batch-1');
const slipId = deterministicId('spec', 'slip-1');
const otherSlipId = deterministicId('spec', 'slip-2');
const key = `${TENANT}/${slipId}`;
const otherKey = `${TENANT}/${otherSlipId}`;
const RESOLVED_AT = '2025-04-03T14:00:00.000Z';

const slip: Slip = { residentId: '0001', kanaName: 'ヤマダ タロウ', birthDate: '2024-04-01', sex: 'male', vaccine: 'hib', dose: 1, date: '2024-06-03', lot: 'AB12' };
const held = (id = slipId) => projected(domainEvent('SlipHeld', {
  slipId: id, batchId, line: 7, reason: 'basic-four-mismatch', mismatchedItems: ['kanaName'], slip, namedResidentId: '0001',
}));
const asHeld: SuspenseDoc = {
  tenant: TENANT, slipId, batchId, line: 7, reason: 'basic-four-mismatch', mismatchedItems: ['kanaName'], slip, heldAt: RECORDED_AT, status: 'held',
};
const resolvedBy = (operatorId: string, data: EventData<'SlipResolved'>) =>
  projected(domainEvent('SlipResolved', data), { position: 2, recordedAt: RESOLVED_AT, metadata: { operatorId } });

describe('suspense projection', () => {
  it('SlipHeld: the slip in the queue, with why it was held and which items differ', () => {
    spec().given([]).when(held()).then({ [key]: asHeld });
  });

  it('SlipHeld: a row of a VRS download says so, and a hold with no mismatch lists none', () => {
    spec().given([])
      .when(projected(domainEvent('SlipHeld', { slipId, batchId, line: 7, reason: 'no-such-resident', slip, source: 'vrs' })))
      .then({ [key]: { tenant: TENANT, slipId, batchId, line: 7, reason: 'no-such-resident', slip, source: 'vrs', heldAt: RECORDED_AT, status: 'held' } });
  });

  it('SlipResolved as matched: the resident and record it led to, the reason, who and when', () => {
    const recordId = deterministicId('spec', 'record-1');
    spec().given([held()])
      .when(resolvedBy('suzuki.k', { slipId, resolution: 'matched', residentId: '0001', recordId, reason: '旧姓で記入' }))
      .then({ [key]: { ...asHeld, status: 'matched', resolution: { residentId: '0001', recordId, reason: '旧姓で記入', by: 'suzuki.k', at: RESOLVED_AT } } });
  });

  it('SlipResolved as rejected: the reason, who and when', () => {
    spec().given([held()])
      .when(resolvedBy('suzuki.k', { slipId, resolution: 'rejected', reason: '該当者なし' }))
      .then({ [key]: { ...asHeld, status: 'rejected', resolution: { reason: '該当者なし', by: 'suzuki.k', at: RESOLVED_AT } } });
  });

  it('SlipResolved of a slip not in the queue makes no document', () => {
    spec().given([]).when(resolvedBy('suzuki.k', { slipId, resolution: 'rejected', reason: '該当者なし' })).thenUnchanged();
  });

  it('SubjectErased: the slips held for the person leave the queue, others stay', () => {
    spec().given([held(), held(otherSlipId)])
      .when(projected(domainEvent('SubjectErased', { residentId: '0001', reason: '保存期間の満了', withinRetention: false, slipIds: [slipId] }), { position: 3 }))
      .then({ [otherKey]: { ...asHeld, slipId: otherSlipId } });
  });

  it('ignores the sealed remains of a slip whose key was destroyed, and events of other kinds', () => {
    spec().given([held()])
      .when(
        projectedErased(domainEvent('SlipHeld', { slipId: otherSlipId, batchId, line: 8, reason: 'duplicate', slip }), { position: 2 }),
        projected(domainEvent('ResidentMovedOut', { residentId: '0001', movedOutOn: '2025-03-31' }), { position: 3 }),
        projected(domainEvent('SubjectErased', { residentId: '0002', reason: '保存期間の満了', withinRetention: false, slipIds: [] }), { position: 4 }),
      )
      .thenUnchanged();
  });
});
