import { describe, it } from 'vitest';
import { deterministicId, type ResidentDetails } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { residentsProjection, type ResidentDoc } from '../src/index.ts';
import { domainEvent, projected, projectedErased, RECORDED_AT, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(residentsProjection);
const residentId = '0001';
const key = `${TENANT}/${residentId}`;
const details: ResidentDetails = {
  kanaName: 'ヤマダ ハナコ', kanjiName: '山田 花子', sex: 'female', birthDate: '1950-04-01', address: '仙台市青葉区試験町1番地', wardCode: '101',
};

const registered = projected(domainEvent('ResidentRegistered', { residentId, ...details }), { revision: 0 });
const asRegistered: ResidentDoc = { tenant: TENANT, residentId, status: 'resident', details, registeredAt: RECORDED_AT, revision: 0 };
const movedOut = projected(domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31', destinationAddress: '札幌市中央区試験町2番地' }), { position: 2, revision: 1 });
/** The next event of the resident's stream, at revision 2. */
const next = (event: Parameters<typeof projected>[0]) => projected(event, { position: 3, revision: 2 });

describe('residents projection', () => {
  it('ResidentRegistered: the resident with their details, the time registered and the stream revision', () => {
    spec().given([]).when(registered).then({ [key]: asRegistered });
  });

  it('ResidentDetailsChanged: merges the changed items and moves the revision on', () => {
    spec().given([registered])
      .when(projected(domainEvent('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地' }, movement: '転居' }), { position: 2, revision: 1 }))
      .then({ [key]: { ...asRegistered, details: { ...details, address: '仙台市青葉区試験町3番地' }, revision: 1 } });
  });

  it('ResidentMovedOut: moved out, on that day', () => {
    spec().given([registered]).when(movedOut).then({ [key]: { ...asRegistered, status: 'moved-out', leftOn: '2025-03-31', revision: 1 } });
  });

  it('ResidentMovedIn: a resident again from the day they came, at their new address, with no day of leaving', () => {
    spec().given([registered, movedOut])
      .when(next(domainEvent('ResidentMovedIn', { residentId, movedInOn: '2026-01-05', address: '仙台市泉区試験町4番地' })))
      .then({ [key]: { ...asRegistered, details: { ...details, address: '仙台市泉区試験町4番地', becameResidentOn: '2026-01-05' }, revision: 2 } });
  });

  it('ResidentMovedIn: keeps the address when none is given', () => {
    spec().given([registered, movedOut])
      .when(next(domainEvent('ResidentMovedIn', { residentId, movedInOn: '2026-01-05' })))
      .then({ [key]: { ...asRegistered, details: { ...details, becameResidentOn: '2026-01-05' }, revision: 2 } });
  });

  it('ResidentDied: died, on that day', () => {
    spec().given([registered, movedOut])
      .when(next(domainEvent('ResidentDied', { residentId, diedOn: '2025-05-01' })))
      .then({ [key]: { ...asRegistered, status: 'died', leftOn: '2025-05-01', revision: 2 } });
  });

  it('ResidentRecordCancelled: cancelled', () => {
    spec().given([registered])
      .when(projected(domainEvent('ResidentRecordCancelled', { residentId, reason: '職権消除' }), { position: 2, revision: 1 }))
      .then({ [key]: { ...asRegistered, status: 'cancelled', revision: 1 } });
  });

  it('UseSuspended: uses without a legal duty are suspended for the person', () => {
    spec().given([registered])
      .when(projected(domainEvent('UseSuspended', { residentId, requestId: deterministicId('spec', 'request-1') }), { position: 2, revision: 1 }))
      .then({ [key]: { ...asRegistered, suspended: true, revision: 1 } });
  });

  it('SubjectErased: nothing of the person stays, and other residents are left alone', () => {
    const other = projected(domainEvent('ResidentRegistered', { residentId: '00010', ...details }), { position: 2 });
    spec().given([registered, other])
      .when(projected(domainEvent('SubjectErased', { residentId, reason: '保存期間の満了', withinRetention: false, slipIds: [] }), { position: 3 }))
      .then({ [`${TENANT}/00010`]: { ...asRegistered, residentId: '00010' } });
  });

  it('a change to a resident it does not know makes no document', () => {
    spec().given([]).when(movedOut, next(domainEvent('ResidentDied', { residentId, diedOn: '2025-05-01' }))).thenUnchanged();
  });

  it('ignores the sealed remains of an erased person\'s events, and events of other kinds', () => {
    spec().given([registered])
      .when(
        projectedErased(domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31' }), { position: 2, revision: 1 }),
        projected(domainEvent('ConditionRecorded', { residentId, condition: 'long-term-illness' }), { position: 3 }),
        projected(domainEvent('RecordViewed', { action: 'resident.show', residentId, items: ['kanaName'] }), { position: 4 }),
      )
      .thenUnchanged();
  });
});
