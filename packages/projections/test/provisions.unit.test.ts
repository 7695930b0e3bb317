import { describe, expect, it } from 'vitest';
import { deterministicId, PROVISION_RULES } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { foldProjection, provisionsOf, provisionsProjection, type ProvisionDoc, type ProvisionsProjectionDoc } from '../src/index.ts';
import { domainEvent, projected, projectedErased, RECORDED_AT, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(provisionsProjection);
const A = '0001';
const B = '0002';
const exportId = deterministicId('spec', 'export-1');
const certificateId = deterministicId('spec', 'certificate-1');
const runId = deterministicId('spec', 'run-1');
const requestId = deterministicId('spec', 'request-1');
const recordId = deterministicId('spec', 'record-1');
const HASH = 'a'.repeat(64);

const copies = (residentIds: string[], part?: { index: number; of: number }) => domainEvent('CopiesExported', {
  exportId, full: true, fromPosition: 0, throughPosition: 9, residentIds, unlinked: [], records: residentIds.length, fileHash: HASH, ...(part ? { part } : {}),
});
const certificate = domainEvent('CertificateIssued', { certificateId, residentId: A, issuedOn: '2025-04-01', vaccines: [], recordIds: [recordId], identityDocument: '運転免許証' });
const notices = domainEvent('NoticesIssued', { runId, kind: 'reminder', criteria: { vaccine: 'mr', dose: 2, date: '2025-04-01' }, residentIds: [A, B], withheld: 0 });
const lodged = (kind: 'disclosure' | 'correction' = 'disclosure') => domainEvent('RequestLodged', { requestId, kind, residentId: A, receivedOn: '2025-04-01', deadline: '2025-04-15', summary: '接種記録の開示を求める' });
const decided = (decision: 'granted' | 'partially-granted' | 'refused') => domainEvent('RequestDecided', { requestId, residentId: A, decision, reason: '本人の請求による', decidedOn: '2025-04-10' });
const erasedA = domainEvent('SubjectErased', { residentId: A, reason: '保存期間の満了', withinRetention: false, slipIds: [] });

const linkage = { metadata: { operatorId: 'suzuki.k', purpose: 'linkage' as const } };
const key = (residentId: string, kind: string, id: string) => `${TENANT}/${residentId}/${kind}:${id}`;
const provision = (residentId: string, kind: ProvisionDoc['kind'], provisionId: string, more: Partial<ProvisionDoc>): ProvisionDoc => ({
  tenant: TENANT, residentId, kind, provisionId, recipient: PROVISION_RULES[kind].recipient, items: [...PROVISION_RULES[kind].items],
  at: RECORDED_AT, position: 1, purpose: 'registration', basis: PROVISION_RULES[kind].basis, operatorId: 'sato.h', detail: {}, ...more,
});

const inquiryId = deterministicId('spec', 'inquiry-1');
const caseId = deterministicId('spec', 'relief-1');
const inquiry = domainEvent('InquirySent', { inquiryId, residentId: A, integratedAddresseeNo: 'K-302', toMunicipality: '011002', basis: 'bangou-19-8-16-2', fileHash: HASH });
const forwarded = domainEvent('ReliefForwarded', { caseId, residentId: A, forwardedOn: '2025-04-02' });

describe('provisions projection', () => {
  it('InquirySent: to the intermediate server, the 統合宛名番号 only, with the municipality asked; a relief claim sent on: to the prefecture', () => {
    spec().given([]).when(projected(inquiry, linkage), projected(forwarded, { metadata: { operatorId: 'kato.r', purpose: 'relief' }, position: 2 })).then({
      [key(A, 'inquiry', inquiryId)]: provision(A, 'inquiry', inquiryId, { purpose: 'linkage', operatorId: 'suzuki.k', detail: { toMunicipality: '011002' } }),
      [key(A, 'relief-forward', caseId)]: provision(A, 'relief-forward', caseId, { purpose: 'relief', operatorId: 'kato.r', position: 2 }),
    });
    expect(PROVISION_RULES.inquiry).toEqual({ recipient: 'intermediate-server', items: ['integratedAddresseeNo'], basis: 'my-number-act-19-8' });
    expect(PROVISION_RULES['relief-forward'].recipient).toBe('prefecture');
  });

  it('CopiesExported: each person sent, to the intermediate server, the 副本 items, by the linkage officer', () => {
    spec().given([]).when(projected(copies([A, B]), linkage)).then({
      [key(A, 'copies', exportId)]: provision(A, 'copies', exportId, { purpose: 'linkage', operatorId: 'suzuki.k', detail: { full: true } }),
      [key(B, 'copies', exportId)]: provision(B, 'copies', exportId, { purpose: 'linkage', operatorId: 'suzuki.k', detail: { full: true } }),
    });
    expect(PROVISION_RULES.copies).toEqual({
      recipient: 'intermediate-server', items: ['integratedAddresseeNo', 'vaccine', 'dose', 'date', 'category'], basis: 'my-number-act-19-8',
    });
  });

  it('a split export: each part names its own persons, every one of them gets the one provision, recorded once', () => {
    const first = projected(copies([A], { index: 0, of: 2 }), { ...linkage, position: 1 });
    const second = projected(copies([B], { index: 1, of: 2 }), { ...linkage, position: 2 });
    spec().given([first]).when(second, projected(copies([B], { index: 1, of: 2 }), { ...linkage, position: 3 })).then((docs) => {
      expect([...docs.keys()].sort()).toEqual([key(A, 'copies', exportId), key(B, 'copies', exportId)]);
      // The replayed part changed nothing: the provision keeps the position of its first recording.
      expect((docs.get(key(B, 'copies', exportId)) as ProvisionDoc).position).toBe(2);
    });
  });

  it('CertificateIssued: to the person or their representative, the certificate\'s items, the identity document checked', () => {
    spec().given([]).when(projected(certificate, { metadata: { operatorId: 'tanaka.m', purpose: 'inquiry' } })).then({
      [key(A, 'certificate', certificateId)]: provision(A, 'certificate', certificateId, {
        purpose: 'inquiry', operatorId: 'tanaka.m', detail: { records: 1, identityDocument: '運転免許証' },
      }),
    });
  });

  it('NoticesIssued: each person covered, by mail, name and address and the vaccine the notice is for', () => {
    spec().given([]).when(projected(notices, { metadata: { purpose: 'notices' } })).then({
      [key(A, 'notices', runId)]: provision(A, 'notices', runId, { purpose: 'notices', detail: { noticeKind: 'reminder', vaccine: 'mr', dose: 2 } }),
      [key(B, 'notices', runId)]: provision(B, 'notices', runId, { purpose: 'notices', detail: { noticeKind: 'reminder', vaccine: 'mr', dose: 2 } }),
    });
  });

  it('a disclosure request is a provision once decided to be disclosed (granted or in part), at the decision', () => {
    const disclosure = { metadata: { operatorId: 'ito.y', purpose: 'disclosure' as const } };
    for (const decision of ['granted', 'partially-granted'] as const) {
      spec().given([projected(lodged(), disclosure)]).when(projected(decided(decision), { ...disclosure, position: 2, recordedAt: '2025-04-10T01:00:00.000Z' })).then({
        [key(A, 'disclosure', requestId)]: provision(A, 'disclosure', requestId, {
          purpose: 'disclosure', operatorId: 'ito.y', position: 2, at: '2025-04-10T01:00:00.000Z', detail: { decision },
        }),
      });
    }
  });

  it('a lodged disclosure is not yet a provision; a refused one never is; another kind of request never is', () => {
    const pending = foldProjection<ProvisionsProjectionDoc>(provisionsProjection, [projected(lodged())]);
    expect(provisionsOf(pending.values())).toEqual([]);
    spec().given([projected(lodged())]).when(projected(decided('refused'), { position: 2 })).then({});
    spec().given([projected(lodged('correction'))]).when(projected(decided('granted'), { position: 2 })).then({});
    // A decision of a request this projection never saw lodged adds nothing.
    spec().given([]).when(projected(decided('granted'))).then({});
  });

  it('SubjectErased: every provision of the person is dropped, and only theirs', () => {
    const given = [projected(copies([A, B])), projected(certificate, { position: 2 }), projected(notices, { position: 3 }), projected(lodged(), { position: 4 })];
    spec().given(given).when(projected(erasedA, { position: 5 })).then((docs) => {
      expect([...docs.keys()].sort()).toEqual([key(B, 'copies', exportId), key(B, 'notices', runId)]);
    });
  });

  it('the sealed remains of an erased person\'s events add nothing (a certificate, a request): the person is gone', () => {
    spec().given([]).when(
      projectedErased(certificate),
      projectedErased(lodged(), { position: 2 }),
      projectedErased(decided('granted'), { position: 3 }),
    ).then({});
  });

  it('provisionsOf: a person\'s provisions oldest first, a pending disclosure left out', () => {
    const docs = foldProjection<ProvisionsProjectionDoc>(provisionsProjection, [
      projected(notices, { position: 3 }), projected(copies([A]), { position: 1 }), projected(certificate, { position: 2 }), projected(lodged(), { position: 4 }),
    ]);
    const mine = [...docs.entries()].filter(([k]) => k.startsWith(`${TENANT}/${A}/`)).map(([, d]) => d);
    expect(provisionsOf(mine).map((p) => p.kind)).toEqual(['copies', 'certificate', 'notices']);
  });
});
