import { describe, it } from 'vitest';
import {
  defaultRuleSet, deterministicId, myNumberCheckDigit, vaccinationDecider, vaccinationDeciderFor, type VaccinationCommand, type VaccinationFields,
} from '../../src/index.ts';
import { deciderSpec } from '../../src/testing/index.ts';
import { event } from '../support/events.ts';

const spec = () => deciderSpec(vaccinationDeciderFor(defaultRuleSet));
const residentId = '000001';
const recordId = deterministicId('spec', 'record-1');
const otherRecordId = deterministicId('spec', 'record-2');
// A number that passes the 個人番号 check digit: what a clerk must never type into a reason.
const myNumber = `12345678901${myNumberCheckDigit('12345678901')}`;

type RecordVaccination = Extract<VaccinationCommand, { type: 'RecordVaccination' }>;

const mr1: VaccinationFields = { vaccine: 'mr', dose: 1, date: '2024-05-10', category: 'routine', lot: 'AB12', clinicNo: '0401' };
const recordDose = (id = recordId, fields: VaccinationFields = mr1): RecordVaccination => ({
  type: 'RecordVaccination', recordId: id, residentId, fields, source: 'clinic-slip', warnings: [],
});
const recorded = (id = recordId, fields: VaccinationFields = mr1) =>
  event('VaccinationRecorded', { ...fields, recordId: id, residentId, source: 'clinic-slip', warnings: [] });
const voided = (id = recordId) => event('VaccinationVoided', { recordId: id, residentId, reason: '二重登録' });

describe('vaccination decider: RecordVaccination', () => {
  it('records a dose with its source, identity document and warnings', () => {
    spec().given([])
      .when({ ...recordDose(), source: 'counter', identityDocument: '運転免許証', warnings: ['interval-short'] })
      .then([event('VaccinationRecorded', { ...mr1, recordId, residentId, source: 'counter', identityDocument: '運転免許証', warnings: ['interval-short'] })]);
  });

  it('refuses a record id already on the ledger (a retry of the same record), voided or not', () => {
    spec().given([recorded()]).when(recordDose()).thenFails('record-exists');
    spec().given([recorded(), voided()]).when(recordDose()).thenFails('record-exists');
  });

  it('refuses, as a doubt, a dose already active on the ledger under another record', () => {
    spec().given([recorded()]).when(recordDose(otherRecordId, { ...mr1, date: '2024-06-01', lot: 'ZZ99' })).thenFails('duplicate-dose');
  });

  it('records the same dose again when a reason is given, keeping the reason', () => {
    spec().given([recorded()])
      .when({ ...recordDose(otherRecordId), duplicateReason: '他市町村の記録と重複の疑い (確認済)' })
      .then([event('VaccinationRecorded', { ...mr1, recordId: otherRecordId, residentId, source: 'clinic-slip', warnings: [], duplicateReason: '他市町村の記録と重複の疑い (確認済)' })]);
  });

  it('refuses a duplicate reason that holds a 個人番号, however it is spelled', () => {
    spec().given([recorded()]).when({ ...recordDose(otherRecordId), duplicateReason: `本人 ${myNumber} の申出` }).thenFails('my-number-in-text');
    spec().given([recorded()]).when({ ...recordDose(otherRecordId), duplicateReason: `本人 ${myNumber.replace(/(\d{4})(?=\d)/g, '$1-')}` }).thenFails('my-number-in-text');
  });

  it('does not count a voided dose, nor another dose of the series', () => {
    spec().given([recorded(), voided()]).when(recordDose(otherRecordId)).then([recorded(otherRecordId)]);
    const mr2 = { ...mr1, dose: 2, date: '2028-05-10' };
    spec().given([recorded()]).when(recordDose(otherRecordId, mr2)).then([recorded(otherRecordId, mr2)]);
  });

  describe('a vaccine given once a season: the same dose only within the season', () => {
    // Influenza's season is the 年度 (from 04-01); COVID-19's starts on 10-01.
    const flu = (date: string): VaccinationFields => ({ vaccine: 'influenza', dose: 1, date, category: 'routine' });
    const covid = (date: string): VaccinationFields => ({ vaccine: 'covid19', dose: 1, date, category: 'routine' });

    it('refuses a second dose 1 in the same season', () => {
      spec().given([recorded(recordId, flu('2024-11-01'))]).when(recordDose(otherRecordId, flu('2025-03-31'))).thenFails('duplicate-dose');
      spec().given([recorded(recordId, covid('2024-10-01'))]).when(recordDose(otherRecordId, covid('2025-09-30'))).thenFails('duplicate-dose');
    });

    it('records dose 1 of the next season', () => {
      spec().given([recorded(recordId, flu('2024-11-01'))]).when(recordDose(otherRecordId, flu('2025-04-01'))).then([recorded(otherRecordId, flu('2025-04-01'))]);
      spec().given([recorded(recordId, covid('2024-11-01'))]).when(recordDose(otherRecordId, covid('2025-10-01'))).then([recorded(otherRecordId, covid('2025-10-01'))]);
    });
  });

  describe('a vaccine given once a pregnancy: the same dose only on the same day', () => {
    const rsv = (date: string): VaccinationFields => ({ vaccine: 'rsv-maternal', dose: 1, date, category: 'routine' });

    it('refuses the same day again, and records another day (another pregnancy)', () => {
      spec().given([recorded(recordId, rsv('2025-06-01'))]).when(recordDose(otherRecordId, rsv('2025-06-01'))).thenFails('duplicate-dose');
      spec().given([recorded(recordId, rsv('2025-06-01'))]).when(recordDose(otherRecordId, rsv('2026-08-01'))).then([recorded(otherRecordId, rsv('2026-08-01'))]);
    });
  });
});

describe('vaccination decider: CorrectVaccination', () => {
  it('records only the items that change, with the reason and the new warnings', () => {
    spec().given([recorded()])
      .when({ type: 'CorrectVaccination', recordId, residentId, changes: { lot: 'CD34', date: mr1.date, clinicNo: undefined }, reason: 'Lot番号の転記誤り', warnings: [] })
      .then([event('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34' }, reason: 'Lot番号の転記誤り', warnings: [] })]);
  });

  it('compares with the record as corrected before', () => {
    const corrected = event('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34' }, reason: 'Lot番号の転記誤り' });
    spec().given([recorded(), corrected])
      .when({ type: 'CorrectVaccination', recordId, residentId, changes: { lot: 'CD34' }, reason: '再確認' })
      .thenFails('nothing-to-correct');
  });

  it('refuses a correction that changes nothing', () => {
    spec().given([recorded()])
      .when({ type: 'CorrectVaccination', recordId, residentId, changes: { lot: mr1.lot }, reason: '確認' })
      .thenFails('nothing-to-correct');
  });

  it('refuses a record not on the ledger, or voided', () => {
    spec().given([recorded()])
      .when({ type: 'CorrectVaccination', recordId: otherRecordId, residentId, changes: { lot: 'CD34' }, reason: '訂正' })
      .thenFails('unknown-record');
    spec().given([recorded(), voided()])
      .when({ type: 'CorrectVaccination', recordId, residentId, changes: { lot: 'CD34' }, reason: '訂正' })
      .thenFails('record-voided');
  });
});

describe('vaccination decider: a correction into a dose already on the ledger', () => {
  const mr2: VaccinationFields = { ...mr1, dose: 2, date: '2025-05-10', lot: 'EF56' };

  it('is refused as a duplicate: the wrong record is voided instead', () => {
    spec().given([recorded(), recorded(otherRecordId, mr2)])
      .when({ type: 'CorrectVaccination', recordId: otherRecordId, residentId, changes: { dose: 1, date: mr1.date }, reason: '期の転記誤り' })
      .thenFails('duplicate-dose');
  });

  it('is decided once the other record is voided', () => {
    spec().given([recorded(), recorded(otherRecordId, mr2), voided()])
      .when({ type: 'CorrectVaccination', recordId: otherRecordId, residentId, changes: { dose: 1, date: mr1.date }, reason: '期の転記誤り' })
      .then([event('VaccinationCorrected', { recordId: otherRecordId, residentId, changes: { dose: 1, date: mr1.date }, reason: '期の転記誤り' })]);
  });
});

describe('vaccination decider: VoidVaccination', () => {
  it('voids a record, with the reason', () => {
    spec().given([recorded()]).when({ type: 'VoidVaccination', recordId, residentId, reason: '二重登録' }).then([voided()]);
  });

  it('refuses a record not on the ledger, or already voided', () => {
    spec().given([]).when({ type: 'VoidVaccination', recordId, residentId, reason: '二重登録' }).thenFails('unknown-record');
    spec().given([recorded(), voided()]).when({ type: 'VoidVaccination', recordId, residentId, reason: '二重登録' }).thenFails('record-voided');
  });
});

describe('vaccination decider: conditions', () => {
  const condition = 'long-term-illness';
  const conditionRecorded = event('ConditionRecorded', { residentId, condition });

  it('records a condition once: recording it again decides nothing', () => {
    spec().given([]).when({ type: 'RecordCondition', residentId, condition }).then([conditionRecorded]);
    spec().given([conditionRecorded]).when({ type: 'RecordCondition', residentId, condition }).then([]);
  });

  it('withdraws a recorded condition, with the reason', () => {
    spec().given([conditionRecorded])
      .when({ type: 'WithdrawCondition', residentId, condition, reason: '誤登録' })
      .then([event('ConditionWithdrawn', { residentId, condition, reason: '誤登録' })]);
  });

  it('refuses to withdraw a condition not recorded, or already withdrawn', () => {
    spec().given([]).when({ type: 'WithdrawCondition', residentId, condition, reason: '誤登録' }).thenFails('unknown-condition');
    spec().given([conditionRecorded, event('ConditionWithdrawn', { residentId, condition, reason: '誤登録' })])
      .when({ type: 'WithdrawCondition', residentId, condition, reason: '誤登録' })
      .thenFails('unknown-condition');
  });
});

describe('vaccination decider: special statuses with a period and antibody tests (issue 25)', () => {
  const period = { from: '2017-01-01', document: '診断書' };
  const ill = event('ConditionRecorded', { residentId, condition: 'long-term-illness', ...period });
  const test = { testId: 't-1', date: '2024-06-01', method: 'HI', titer: '8', unit: '倍', result: 'insufficient' as const, testNumber: 'T-001' };

  it('records a period; the same period again adds nothing; an overlapping one, or one ending before it starts, is refused', () => {
    spec().given([]).when({ type: 'RecordCondition', residentId, condition: 'long-term-illness', period }).then([ill]);
    spec().given([ill]).when({ type: 'RecordCondition', residentId, condition: 'long-term-illness', period }).then([]);
    spec().given([ill]).when({ type: 'RecordCondition', residentId, condition: 'long-term-illness', period: { ...period, from: '2020-01-01' } }).thenFails('overlapping-condition');
    spec().given([]).when({ type: 'RecordCondition', residentId, condition: 'fee-exemption', period: { ...period, to: '2016-01-01' } }).thenFails('end-before-start');
    spec().given([]).when({ type: 'RecordCondition', residentId, condition: 'pregnancy', period }).thenFails('unknown-condition-kind');
  });

  it('ends an open period once, not before it began; a later period after the end is accepted', () => {
    const ended = event('ConditionEnded', { residentId, condition: 'long-term-illness', on: '2022-05-10' });
    spec().given([ill]).when({ type: 'EndCondition', residentId, condition: 'long-term-illness', on: '2022-05-10' }).then([ended]);
    spec().given([ill, ended]).when({ type: 'EndCondition', residentId, condition: 'long-term-illness', on: '2022-06-01' }).thenFails('no-open-condition');
    spec().given([ill]).when({ type: 'EndCondition', residentId, condition: 'long-term-illness', on: '2016-12-31' }).thenFails('end-before-start');
    spec().given([ill, ended]).when({ type: 'RecordCondition', residentId, condition: 'long-term-illness', period: { from: '2023-01-01', document: '診断書' } })
      .then([event('ConditionRecorded', { residentId, condition: 'long-term-illness', from: '2023-01-01', document: '診断書' })]);
  });

  it('records an antibody test once by 検査番号: the same items again add nothing, other items are refused', () => {
    const recordedTest = event('AntibodyTestRecorded', { residentId, ...test });
    spec().given([]).when({ type: 'RecordAntibodyTest', residentId, test }).then([recordedTest]);
    spec().given([recordedTest]).when({ type: 'RecordAntibodyTest', residentId, test: { ...test, testId: 't-2' } }).then([]);
    spec().given([recordedTest]).when({ type: 'RecordAntibodyTest', residentId, test: { ...test, testId: 't-2', result: 'sufficient' } }).thenFails('antibody-test-exists');
  });

  it('refuses a 個人番号 in a document or a test item', () => {
    spec().given([]).when({ type: 'RecordCondition', residentId, condition: 'disaster', period: { from: '2024-01-01', document: `罹災証明 ${myNumber}` } }).thenFails('my-number-in-text');
    spec().given([]).when({ type: 'RecordAntibodyTest', residentId, test: { ...test, testNumber: myNumber } }).thenFails('my-number-in-text');
  });
});

const noStatuses = { periods: new Map(), antibodyTests: new Map() };

describe('vaccination decider: state', () => {
  it('starts with no record and no condition', () => {
    spec().given([]).thenState({ records: new Map(), conditions: new Set(), ...noStatuses });
  });

  it('keeps each record\'s correctable items (not its source, warnings or reason), corrected and voided', () => {
    spec().given([
      event('VaccinationRecorded', { ...mr1, recordId, residentId, source: 'counter', identityDocument: '運転免許証', warnings: ['interval-short'], duplicateReason: '確認済' }),
      event('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34' }, reason: 'Lot番号の転記誤り' }),
      recorded(otherRecordId, { ...mr1, dose: 2, date: '2028-05-10' }),
      voided(otherRecordId),
    ]).thenState({
      records: new Map([
        [recordId, { fields: { ...mr1, lot: 'CD34' }, voided: false }],
        [otherRecordId, { fields: { ...mr1, dose: 2, date: '2028-05-10' }, voided: true }],
      ]),
      conditions: new Set(),
      ...noStatuses,
    });
  });

  it('ignores a correction or a void of a record it does not know', () => {
    spec().given([event('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34' }, reason: '訂正' }), voided()])
      .thenState({ records: new Map(), conditions: new Set(), ...noStatuses });
  });

  it('adds recorded conditions and removes withdrawn ones', () => {
    spec().given([
      event('ConditionRecorded', { residentId, condition: 'long-term-illness' }),
      event('ConditionRecorded', { residentId, condition: 'antibody-insufficient:2024-06-01' }),
      event('ConditionWithdrawn', { residentId, condition: 'long-term-illness', reason: '誤登録' }),
    ]).thenState({ records: new Map(), conditions: new Set(['antibody-insufficient:2024-06-01']), ...noStatuses });
  });
});

describe('vaccinationDecider (without a rule set)', () => {
  // The decider the rule-set one wraps: it knows no schedule, so it leaves "the same dose" to vaccinationDeciderFor.
  it('records a second dose 1 of a vaccine without asking why', () => {
    deciderSpec(vaccinationDecider).given([recorded()]).when(recordDose(otherRecordId)).then([recorded(otherRecordId)]);
  });

  it('decides every other command as the rule-set decider does', () => {
    deciderSpec(vaccinationDecider).given([recorded()]).when(recordDose()).thenFails('record-exists');
    deciderSpec(vaccinationDecider).given([recorded()]).when({ type: 'VoidVaccination', recordId, residentId, reason: '二重登録' }).then([voided()]);
  });
});

describe('VaccinationRecorded schema: the duplicate reason', () => {
  it('refuses a 個人番号 by itself, whatever decider wrote the event', async () => {
    const { parseDomainEvent } = await import('../../src/index.ts');
    const { throws } = await import('node:assert/strict');
    throws(() => parseDomainEvent('VaccinationRecorded', { ...mr1, recordId, residentId, source: 'clinic-slip', warnings: [], duplicateReason: `本人の申出 ${myNumber}` }), /個人番号/);
  });
});
