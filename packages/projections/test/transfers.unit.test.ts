import { describe, expect, it } from 'vitest';
import { projectionSpec } from '@vaxledger/domain/testing';
import { awaitsInquiry, residentsProjection, transfersProjection, type TransferDoc } from '../src/index.ts';
import { domainEvent, projected, RECORDED_AT, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(transfersProjection);
const residentId = '000302';
const key = `${TENANT}/${residentId}`;
const details = { kanaName: 'タカハシ メイ', kanjiName: '高橋 芽依', sex: 'female', birthDate: '2024-06-10', address: '仙台市泉区2' } as const;
const inquiryId = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';

const arrived = projected(domainEvent('ResidentRegistered', { residentId, ...details, movedIn: { on: '2026-01-05', fromMunicipality: '011002' } }), { position: 1 });
const inquired = projected(domainEvent('InquirySent', {
  inquiryId, residentId, integratedAddresseeNo: 'K-302', toMunicipality: '011002', basis: 'bangou-19-8-16-2', fileHash: 'a'.repeat(64),
}), { position: 2 });
const inquiry = { inquiryId, toMunicipality: '011002', integratedAddresseeNo: 'K-302', sentAt: RECORDED_AT, position: 2, answers: 0, recorded: 0, held: 0 };
const asArrived: TransferDoc = { tenant: TENANT, residentId, arrival: { on: '2026-01-05', fromMunicipality: '011002', position: 1 }, inquiries: [] };

describe('transfers projection', () => {
  it('a registration by 転入 opens the person\'s document; any other registration does not', () => {
    spec().given([]).when(arrived).then({ [key]: asArrived });
    spec().given([]).when(projected(domainEvent('ResidentRegistered', { residentId, ...details }))).then({});
  });

  it('an inquiry, then its answers, are added up; the person then waits no more', () => {
    spec().given([arrived]).when(inquired).then({ [key]: { ...asArrived, inquiries: [inquiry] } });
    spec().given([arrived, inquired])
      .when(projected(domainEvent('InquiryAnswered', { inquiryId, residentId, batchId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', recorded: 3, held: 1 }), { position: 3 }))
      .then({ [key]: { ...asArrived, inquiries: [{ ...inquiry, answers: 1, recorded: 3, held: 1 }] } });
  });

  it('the work queue: an arrival with no inquiry after it, never one from abroad; a new arrival waits again', () => {
    expect(awaitsInquiry(asArrived)).toBe(true);
    expect(awaitsInquiry({ ...asArrived, inquiries: [inquiry] })).toBe(false);
    expect(awaitsInquiry({ ...asArrived, arrival: { position: 1, fromAbroad: true } })).toBe(false);
    expect(awaitsInquiry({ ...asArrived, arrival: { on: '2027-04-01', position: 9 }, inquiries: [inquiry] })).toBe(true);
    expect(awaitsInquiry({ tenant: TENANT, residentId, inquiries: [inquiry] })).toBe(false);
  });

  it('an erasure ends the document', () => {
    spec().given([arrived, inquired])
      .when(projected(domainEvent('SubjectErased', { residentId, reason: '保存期間の経過', withinRetention: false, slipIds: [] }), { position: 4 }))
      .then({});
  });

  it('the residents projection keeps the arrival out of the registry items', () => {
    projectionSpec(residentsProjection).given([]).when(arrived)
      .then({ [key]: { tenant: TENANT, residentId, status: 'resident', details, registeredAt: RECORDED_AT, revision: 0 } });
  });
});
