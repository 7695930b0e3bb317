import { describe, expect, it } from 'vitest';
import { deterministicId, type ResidentDetails, type VaccinationFields } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { EligibilityAssembler, eligibilityProjection, type EligibilityDoseDoc, type EligibilityPersonDoc } from '../src/index.ts';
import { domainEvent, projected, projectedErased, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(eligibilityProjection);
const residentId = '0001';
const personKey = `${TENANT}/${residentId}`;
const recordId = deterministicId('spec', 'record-1');
/** A dose's document sits under its person's key. */
const doseKey = `${TENANT}/${residentId}/${recordId}`;

const details: ResidentDetails = {
  kanaName: 'ヤマダ タロウ', kanjiName: '山田 太郎', sex: 'male', birthDate: '2024-04-01', address: '仙台市青葉区試験町1番地', wardCode: '101',
};
const registered = projected(domainEvent('ResidentRegistered', { residentId, ...details }));
const asRegistered: EligibilityPersonDoc = {
  tenant: TENANT, residentId, registered: true, birthDate: '2024-04-01', sex: 'male', wardCode: '101', status: 'resident',
  mailingExcluded: false, addressRestricted: false, conditions: [],
};
const hib1: VaccinationFields = { vaccine: 'hib', dose: 1, date: '2024-06-03', category: 'routine', product: 'アクトヒブ', lot: 'AB12' };
const recorded = projected(domainEvent('VaccinationRecorded', { ...hib1, recordId, residentId, source: 'clinic-slip', warnings: [] }), { position: 2 });
const asRecorded: EligibilityDoseDoc = { residentId, recordId, vaccine: 'hib', dose: 1, date: '2024-06-03', product: 'アクトヒブ', position: 2 };
const at = (position: number, event: Parameters<typeof projected>[0]) => projected(event, { position });

describe('eligibility projection: the person', () => {
  it('ResidentRegistered: birth date, sex, ward, residence, and no mailing bars unless the registry set them', () => {
    spec().given([]).when(registered).then({ [personKey]: asRegistered });
  });

  it('ResidentRegistered: 送付除外 and 住基閲覧注意 from the registry', () => {
    spec().given([])
      .when(projected(domainEvent('ResidentRegistered', { residentId, ...details, mailingExcluded: true, addressDisclosureRestricted: true })))
      .then({ [personKey]: { ...asRegistered, mailingExcluded: true, addressRestricted: true } });
  });

  it('ResidentDetailsChanged: takes the items the schedule needs', () => {
    spec().given([registered])
      .when(at(2, domainEvent('ResidentDetailsChanged', {
        residentId, changes: { birthDate: '2024-04-02', sex: 'female', wardCode: '102', mailingExcluded: true, addressDisclosureRestricted: true },
      })))
      .then({ [personKey]: { ...asRegistered, birthDate: '2024-04-02', sex: 'female', wardCode: '102', mailingExcluded: true, addressRestricted: true } });
  });

  it('ResidentDetailsChanged: a change of items the schedule does not need changes nothing', () => {
    spec().given([registered])
      .when(at(2, domainEvent('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地', phone: '022-000-0000' } })))
      .thenUnchanged();
  });

  it.each([
    ['ResidentMovedOut', domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31' }), 'moved-out'],
    ['ResidentDied', domainEvent('ResidentDied', { residentId, diedOn: '2025-05-01' }), 'died'],
    ['ResidentRecordCancelled', domainEvent('ResidentRecordCancelled', { residentId }), 'cancelled'],
  ] as const)('%s: the status becomes %s', (_type, event, status) => {
    spec().given([registered]).when(at(2, event)).then({ [personKey]: { ...asRegistered, status } });
  });

  it('ResidentMovedIn: a resident again', () => {
    spec().given([registered, at(2, domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31' }))])
      .when(at(3, domainEvent('ResidentMovedIn', { residentId, movedInOn: '2026-01-05' })))
      .then({ [personKey]: asRegistered });
  });

  it('ConditionRecorded and ConditionWithdrawn: the conditions, each once', () => {
    const longTerm = domainEvent('ConditionRecorded', { residentId, condition: 'long-term-illness' });
    const antibody = domainEvent('ConditionRecorded', { residentId, condition: 'antibody-insufficient:2024-06-01' });
    spec().given([registered]).when(at(2, longTerm), at(3, antibody), at(4, longTerm))
      .then({ [personKey]: { ...asRegistered, conditions: ['long-term-illness', 'antibody-insufficient:2024-06-01'] } });
    spec().given([registered, at(2, longTerm), at(3, antibody)])
      .when(at(4, domainEvent('ConditionWithdrawn', { residentId, condition: 'long-term-illness', reason: '誤登録' })))
      .then({ [personKey]: { ...asRegistered, conditions: ['antibody-insufficient:2024-06-01'] } });
  });

  it('ConditionRecorded before the registration: a person not yet registered, with the condition', () => {
    spec().given([]).when(at(2, domainEvent('ConditionRecorded', { residentId, condition: 'long-term-illness' })))
      .then({ [personKey]: { tenant: TENANT, residentId, registered: false, status: 'unregistered', mailingExcluded: false, addressRestricted: false, conditions: ['long-term-illness'] } });
  });

  it('a long-term illness with a period: undated while it lasts, dated by the day it ended once ended (issue 25)', () => {
    const ill = at(2, domainEvent('ConditionRecorded', { residentId, condition: 'long-term-illness', from: '2017-01-01', document: '診断書' }));
    const periods = [{ kind: 'long-term-illness', from: '2017-01-01' }];
    spec().given([registered]).when(ill).then({ [personKey]: { ...asRegistered, conditions: ['long-term-illness'], periods } });
    spec().given([registered, ill]).when(at(3, domainEvent('ConditionEnded', { residentId, condition: 'long-term-illness', on: '2022-05-10' })))
      .then({ [personKey]: { ...asRegistered, conditions: ['long-term-illness:2022-05-10'], periods: [{ kind: 'long-term-illness', from: '2017-01-01', to: '2022-05-10' }] } });
    spec().given([registered, ill]).when(at(3, domainEvent('ConditionWithdrawn', { residentId, condition: 'long-term-illness', reason: '誤登録' })))
      .then({ [personKey]: { ...asRegistered, conditions: [], periods: [] } });
    // A fee exemption is a period only: the schedule does not read it.
    spec().given([registered]).when(at(2, domainEvent('ConditionRecorded', { residentId, condition: 'fee-exemption', from: '2025-04-01', to: '2026-03-31', document: '受給者証' })))
      .then({ [personKey]: { ...asRegistered, periods: [{ kind: 'fee-exemption', from: '2025-04-01', to: '2026-03-31' }] } });
  });

  it('AntibodyTestRecorded: the latest test by date decides whether the person is antibody-insufficient', () => {
    const test = (date: string, result: 'sufficient' | 'insufficient', n: string) =>
      domainEvent('AntibodyTestRecorded', { residentId, testId: n, date, method: 'HI', titer: '8', unit: '倍', result, testNumber: n });
    spec().given([registered]).when(at(2, test('2024-06-01', 'insufficient', 'T1')))
      .then({ [personKey]: { ...asRegistered, conditions: ['antibody-insufficient:2024-06-01'], antibody: { date: '2024-06-01', result: 'insufficient' } } });
    spec().given([registered, at(2, test('2024-06-01', 'insufficient', 'T1'))]).when(at(3, test('2024-09-01', 'sufficient', 'T2')))
      .then({ [personKey]: { ...asRegistered, conditions: [], antibody: { date: '2024-09-01', result: 'sufficient' } } });
    // An older test recorded later changes nothing.
    spec().given([registered, at(2, test('2024-09-01', 'sufficient', 'T2'))]).when(at(3, test('2024-06-01', 'insufficient', 'T1'))).thenUnchanged();
  });

  it('UseSuspended: left out of extraction', () => {
    spec().given([registered]).when(at(2, domainEvent('UseSuspended', { residentId, requestId: deterministicId('spec', 'request-1') })))
      .then({ [personKey]: { ...asRegistered, suspended: true } });
  });
});

describe('eligibility projection: the doses', () => {
  it('VaccinationRecorded: a document of its own for the dose, with where it was recorded', () => {
    spec().given([registered]).when(recorded).then({ [personKey]: asRegistered, [doseKey]: asRecorded });
  });

  it('VaccinationRecorded: no product when the record has none', () => {
    const { product: _p, ...withoutProduct } = hib1;
    spec().given([]).when(projected(domainEvent('VaccinationRecorded', { ...withoutProduct, recordId, residentId, source: 'clinic-slip', warnings: [] }), { position: 2 }))
      .then({ [doseKey]: { residentId, recordId, vaccine: 'hib', dose: 1, date: '2024-06-03', position: 2 } });
  });

  it('VaccinationCorrected: takes the items the schedule needs, and keeps where the dose was first recorded', () => {
    spec().given([registered, recorded])
      .when(at(3, domainEvent('VaccinationCorrected', { recordId, residentId, changes: { vaccine: 'pcv', dose: 2, date: '2024-06-04', product: 'バクニュバンス', lot: 'CD34' }, reason: '転記誤り' })))
      .then({ [personKey]: asRegistered, [doseKey]: { ...asRecorded, vaccine: 'pcv', dose: 2, date: '2024-06-04', product: 'バクニュバンス' } });
  });

  it('VaccinationCorrected: a correction of other items, or of a dose it does not know, changes nothing', () => {
    spec().given([registered, recorded])
      .when(
        at(3, domainEvent('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34' }, reason: '転記誤り' })),
        at(4, domainEvent('VaccinationCorrected', { recordId: deterministicId('spec', 'record-2'), residentId, changes: { dose: 2 }, reason: '転記誤り' })),
      )
      .thenUnchanged();
  });

  it('VaccinationVoided: the dose is no longer in force', () => {
    spec().given([registered, recorded]).when(at(3, domainEvent('VaccinationVoided', { recordId, residentId, reason: '二重登録' })))
      .then({ [personKey]: asRegistered });
  });
});

describe('eligibility projection: erasure and other events', () => {
  it('SubjectErased: the person and all their doses go; an id they prefix stays', () => {
    const other = at(3, domainEvent('ResidentRegistered', { residentId: '00010', ...details }));
    spec().given([registered, recorded, other])
      .when(at(4, domainEvent('SubjectErased', { residentId, reason: '保存期間の満了', withinRetention: false, slipIds: [] })))
      .then({ [`${TENANT}/00010`]: { ...asRegistered, residentId: '00010' } });
  });

  it('ignores reads, denials, the sealed remains of erased events, and events of other affairs about a known person', () => {
    spec().given([registered, recorded])
      .when(
        at(3, domainEvent('RecordViewed', { action: 'ledger.show', residentId, items: ['vaccine'] })),
        at(4, domainEvent('AccessDenied', { action: 'ledger.show', residentId, reason: 'purpose-not-allowed' })),
        projectedErased(domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31' }), { position: 5 }),
        at(6, domainEvent('RequestLodged', { requestId: deterministicId('spec', 'request-1'), kind: 'disclosure', residentId, receivedOn: '2025-04-01', deadline: '2025-04-15' })),
        at(7, domainEvent('OperatorUnlocked', { operatorId: 'suzuki.k' })),
      )
      .thenUnchanged();
  });

  it('assembled (EligibilityAssembler): the person with their doses in the order recorded', () => {
    const second = projected(domainEvent('VaccinationRecorded', { ...hib1, dose: 2, date: '2024-08-05', recordId: deterministicId('spec', 'record-0'), residentId, source: 'clinic-slip', warnings: [] }), { position: 9 });
    spec().given([registered, second]).when(recorded).then((docs) => {
      const assembler = new EligibilityAssembler(TENANT);
      for (const doc of docs.values()) assembler.add(doc);
      expect([...assembler.docs()]).toEqual([{ ...asRegistered, doses: [
        { recordId, vaccine: 'hib', dose: 1, date: '2024-06-03', product: 'アクトヒブ' },
        { recordId: deterministicId('spec', 'record-0'), vaccine: 'hib', dose: 2, date: '2024-08-05', product: 'アクトヒブ' },
      ] }]);
    });
  });
});
