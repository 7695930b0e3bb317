import { describe, it } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { requestLetterDeciderFor, type RequestLetterCommand, type RequestLetterEvent } from '../../src/deciders/request-letter.ts';
import { defaultRuleSet } from '../../src/schedule/rules.ts';

const letterId = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const recordId = '0f1e2d3c-4b5a-4968-8778-695a4b3c2d1e';
const residentId = '000123';
const TODAY = '2026-05-20';

type Of<T extends RequestLetterCommand['type']> = Extract<RequestLetterCommand, { type: T }>;

const lodge = (over: Partial<Of<'LodgeRequestLetter'>> = {}): Of<'LodgeRequestLetter'> => ({
  type: 'LodgeRequestLetter', letterId, residentId, residentRegistered: true, vaccine: 'hib', dose: 1,
  stayAddress: ' 福岡県福岡市中央区天神1-1-1 実家方 ', stayPostalCode: '810-0001', stayPhone: '092-000-0000', reason: '里帰り出産',
  clinicName: '天神こどもクリニック', returnBy: 'clinic', today: TODAY, ...over,
});
const issue = (over: Partial<Of<'IssueRequestLetter'>> = {}): Of<'IssueRequestLetter'> => ({
  type: 'IssueRequestLetter', letterId, documentNumber: '健第123号', approvalNumber: 'K-2026-0042', today: TODAY, ...over,
});
const record = (over: Partial<Of<'RecordOutsideVaccination'>> = {}): Of<'RecordOutsideVaccination'> => ({
  type: 'RecordOutsideVaccination', letterId, recordId, vaccinatedOn: '2026-06-01', today: '2026-06-10', ...over,
});
const pay = (over: Partial<Of<'PayReimbursement'>> = {}): Of<'PayReimbursement'> => ({
  type: 'PayReimbursement', letterId, amount: 8_800, paidOn: '2026-07-01', today: '2026-07-02', ...over,
});

const lodged: RequestLetterEvent = {
  type: 'RequestLetterLodged',
  data: {
    letterId, residentId, vaccine: 'hib', dose: 1, stayAddress: '福岡県福岡市中央区天神1-1-1 実家方', stayPostalCode: '810-0001', stayPhone: '092-000-0000',
    reason: '里帰り出産', clinicName: '天神こどもクリニック', returnBy: 'clinic', lodgedOn: TODAY,
  },
};
const issued: RequestLetterEvent = { type: 'RequestLetterIssued', data: { letterId, residentId, documentNumber: '健第123号', approvalNumber: 'K-2026-0042', issuedOn: TODAY } };
const recorded: RequestLetterEvent = { type: 'OutsideVaccinationRecorded', data: { letterId, residentId, recordId, vaccinatedOn: '2026-06-01' } };
const paid: RequestLetterEvent = { type: 'ReimbursementPaid', data: { letterId, residentId, amount: 8_800, paidOn: '2026-07-01' } };

const spec = deciderSpec(requestLetterDeciderFor(defaultRuleSet));

describe('request letter decider: the cycle', () => {
  it('lodges, trimmed, dated today', () => spec.given([]).when(lodge()).then([lodged]));
  it('issues a lodged letter on today\'s date', () => spec.given([lodged]).when(issue()).then([issued]));
  it('records the outside dose of an issued letter', () => spec.given([lodged, issued]).when(record()).then([recorded]));
  it('pays the reimbursement of a recorded dose', () => spec.given([lodged, issued, recorded]).when(pay()).then([paid]));
  it('issues again with a reason, and the vaccination may follow the first issue', () => {
    spec.given([lodged, issued]).when(issue({ reissueReason: '紛失', today: '2026-05-25' })).then([
      { type: 'RequestLetterIssued', data: { letterId, residentId, documentNumber: '健第123号', approvalNumber: 'K-2026-0042', issuedOn: '2026-05-25', reissueReason: '紛失' } },
    ]);
    spec.given([lodged, issued, { ...issued, data: { ...issued.data, issuedOn: '2026-05-25', reissueReason: '紛失' } }])
      .when(record({ vaccinatedOn: '2026-05-21' })).then((events) => {
        if (events.length !== 1 || events[0]!.type !== 'OutsideVaccinationRecorded') throw new Error('the dose after the first issue was not recorded');
      });
  });
});

describe('request letter decider: refusals', () => {
  it('refuses an unknown vaccine, a dose the schedule does not have, and an unregistered resident', () => {
    spec.given([]).when(lodge({ vaccine: 'smallpox' })).thenFails('unknown-vaccine');
    spec.given([]).when(lodge({ dose: 9 })).thenFails('unknown-dose');
    spec.given([]).when(lodge({ dose: 1.5 })).thenFails('unknown-dose');
    spec.given([]).when(lodge({ residentRegistered: false })).thenFails('unknown-resident');
  });

  it('refuses empty or malformed items: stay address, reason, clinic, postal code, telephone', () => {
    spec.given([]).when(lodge({ stayAddress: '   ' })).thenFails('invalid-letter');
    spec.given([]).when(lodge({ reason: '' })).thenFails('invalid-letter');
    spec.given([]).when(lodge({ clinicName: ' ' })).thenFails('invalid-letter');
    spec.given([]).when(lodge({ stayPostalCode: '81-0001' })).thenFails('invalid-letter');
    spec.given([]).when(lodge({ stayPhone: 'call me' })).thenFails('invalid-letter');
  });

  it('refuses a 個人番号 typed as the stay telephone', () => {
    spec.given([]).when(lodge({ stayPhone: '123456789018' })).thenFails('invalid-letter');
  });

  it('lodges a letter once', () => spec.given([lodged]).when(lodge()).thenFails('letter-exists'));

  it('refuses every step of a letter never lodged', () => {
    spec.given([]).when(issue()).thenFails('unknown-letter');
    spec.given([]).when(record()).thenFails('unknown-letter');
    spec.given([]).when(pay()).thenFails('unknown-letter');
  });

  it('issues once unless reissued with a reason; a reissue needs a first issue; no issue once the dose is recorded', () => {
    spec.given([lodged, issued]).when(issue()).thenFails('letter-issued');
    spec.given([lodged]).when(issue({ reissueReason: '紛失' })).thenFails('letter-not-issued');
    spec.given([lodged, issued, recorded]).when(issue({ reissueReason: '紛失' })).thenFails('letter-used');
    spec.given([lodged, issued, recorded, paid]).when(issue({ reissueReason: '紛失' })).thenFails('letter-used');
    spec.given([lodged]).when(issue({ documentNumber: ' ' })).thenFails('invalid-letter');
  });

  it('records the dose only after the issue, once, on a real past date not before the issue', () => {
    spec.given([lodged]).when(record()).thenFails('letter-not-issued');
    spec.given([lodged, issued, recorded]).when(record()).thenFails('dose-recorded');
    spec.given([lodged, issued]).when(record({ vaccinatedOn: '2026-02-30' })).thenFails('invalid-date');
    spec.given([lodged, issued]).when(record({ vaccinatedOn: '2026-06-11' })).thenFails('invalid-date');
    spec.given([lodged, issued]).when(record({ vaccinatedOn: '2026-05-19' })).thenFails('vaccinated-before-issue');
  });

  it('reimburses only a recorded dose, once, a positive whole number of yen, paid on a real date after the vaccination', () => {
    spec.given([lodged]).when(pay()).thenFails('dose-not-recorded');
    spec.given([lodged, issued]).when(pay()).thenFails('dose-not-recorded');
    spec.given([lodged, issued, recorded, paid]).when(pay()).thenFails('letter-reimbursed');
    for (const amount of [0, -100, 12.5, Number.NaN, 1_000_001]) spec.given([lodged, issued, recorded]).when(pay({ amount })).thenFails('invalid-amount');
    spec.given([lodged, issued, recorded]).when(pay({ paidOn: '2026-13-01' })).thenFails('invalid-date');
    spec.given([lodged, issued, recorded]).when(pay({ paidOn: '2026-07-03' })).thenFails('invalid-date');
    spec.given([lodged, issued, recorded]).when(pay({ paidOn: '2026-05-31' })).thenFails('invalid-date');
  });
});
