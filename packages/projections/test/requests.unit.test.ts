import { describe, expect, it } from 'vitest';
import { deterministicId } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { requestsProjection, type RequestDoc } from '../src/index.ts';
import { domainEvent, projected, projectedErased, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(requestsProjection);
const residentId = '0001';
const requestId = deterministicId('spec', 'request-1');
const key = `${TENANT}/${requestId}`;
const EXTENDED_AT = '2025-04-10T09:00:00.000Z';

const lodgedEvent = domainEvent('RequestLodged', { requestId, kind: 'disclosure', residentId, receivedOn: '2025-04-01', deadline: '2025-04-15', summary: '接種記録の開示を求める' });
const extendedEvent = domainEvent('RequestDeadlineExtended', { requestId, residentId, deadline: '2025-05-15', reason: '記録の所在確認に時間を要するため' });
const decidedEvent = domainEvent('RequestDecided', { requestId, residentId, decision: 'partially-granted', reason: '他者の情報を除き開示', decidedOn: '2025-05-01' });

const lodged = projected(lodgedEvent);
const extended = projected(extendedEvent, { position: 2, recordedAt: EXTENDED_AT });
const decided = projected(decidedEvent, { position: 3 });
const asLodged: RequestDoc = { tenant: TENANT, requestId, kind: 'disclosure', residentId, receivedOn: '2025-04-01', deadline: '2025-04-15', extensions: [], status: 'lodged' };
const asExtended: RequestDoc = { ...asLodged, deadline: '2025-05-15', extensions: [{ deadline: '2025-05-15', at: EXTENDED_AT }] };
const asDecided: RequestDoc = { ...asExtended, status: 'decided', decision: 'partially-granted', decidedOn: '2025-05-01' };

describe('requests projection', () => {
  it('RequestLodged: the request, lodged, with the day received and its deadline (not what was asked)', () => {
    spec().given([]).when(lodged).then({ [key]: asLodged });
  });

  it('RequestDeadlineExtended: the new deadline, and each extension with when it was made', () => {
    spec().given([lodged]).when(extended).then({ [key]: asExtended });
  });

  it('RequestDecided: decided, how and on what day', () => {
    spec().given([lodged, extended]).when(decided).then({ [key]: asDecided });
  });

  it('the same documents from the events once the person was erased: the request stays on the record', () => {
    const remains = projectedErased(lodgedEvent);
    expect(remains.event).toMatchObject({ type: 'Erased', data: { originalType: 'RequestLodged', subject: residentId } });
    expect(JSON.stringify(remains.event)).not.toContain('接種記録の開示');
    spec().given([]).when(
      remains,
      projectedErased(extendedEvent, { position: 2, recordedAt: EXTENDED_AT }),
      projectedErased(decidedEvent, { position: 3 }),
    ).then({ [key]: asDecided });
  });

  it('an extension or a decision of a request it does not know makes no document', () => {
    spec().given([]).when(extended, decided).thenUnchanged();
  });

  it('ignores other events, whole or erased, the person\'s erasure and 利用停止 included', () => {
    spec().given([lodged])
      .when(
        projected(domainEvent('SubjectErased', { residentId, reason: '保存期間の満了', withinRetention: false, slipIds: [] }), { position: 2 }),
        projected(domainEvent('UseSuspended', { residentId, requestId }), { position: 3 }),
        projectedErased(domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31' }), { position: 4 }),
      )
      .thenUnchanged();
  });
});
