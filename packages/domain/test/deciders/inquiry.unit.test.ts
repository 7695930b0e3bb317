import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { inquiryDecider, type InquiryCommand, type InquiryEvent } from '../../src/deciders/inquiry.ts';
import { parseDomainEvent, upcastAndParse } from '../../src/events/registry.ts';

const inquiryId = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const batchId = '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const fileHash = 'a'.repeat(64);
const send = (over: Partial<Extract<InquiryCommand, { type: 'SendInquiry' }>> = {}): InquiryCommand => ({
  type: 'SendInquiry', inquiryId, residentId: '000302', resident: { status: 'resident', integratedAddresseeNo: 'K-302' },
  toMunicipality: '011002', tenant: '041009', basis: 'bangou-19-8-16-2', fileHash, ...over,
});
const sent: InquiryEvent = {
  type: 'InquirySent',
  data: { inquiryId, residentId: '000302', integratedAddresseeNo: 'K-302', toMunicipality: '011002', basis: 'bangou-19-8-16-2', fileHash },
};
const answered: InquiryEvent = { type: 'InquiryAnswered', data: { inquiryId, residentId: '000302', batchId, recorded: 2, held: 1 } };
const spec = deciderSpec(inquiryDecider);

describe('inquiry decider: sending', () => {
  it('sends by 統合宛名番号, to the municipality named, on its basis', () => spec.given([]).when(send()).then([sent]));
  it('refuses a person without a 統合宛名番号, naming what is missing', () => {
    spec.given([]).when(send({ resident: { status: 'resident' } })).thenFails('no-integrated-addressee-no');
  });
  it('refuses an unknown person, one who does not live here, and a code that is none or is this municipality', () => {
    spec.given([]).when(send({ resident: null })).thenFails('unknown-resident');
    spec.given([]).when(send({ resident: { status: 'moved-out', integratedAddresseeNo: 'K-302' } })).thenFails('not-a-resident');
    spec.given([]).when(send({ toMunicipality: '011003' })).thenFails('invalid-municipality');
    spec.given([]).when(send({ toMunicipality: '01100' })).thenFails('invalid-municipality');
    spec.given([]).when(send({ toMunicipality: '041009' })).thenFails('invalid-municipality');
  });
  it('refuses sending the same inquiry twice', () => spec.given([sent]).when(send()).thenFails('inquiry-exists'));
});

describe('inquiry decider: answers', () => {
  const record = (over: Partial<Extract<InquiryCommand, { type: 'RecordInquiryAnswer' }>> = {}): InquiryCommand => ({ type: 'RecordInquiryAnswer', inquiryId, batchId, recorded: 2, held: 1, ...over });
  it('records an answer batch once', () => {
    spec.given([sent]).when(record()).then([answered]);
    spec.given([sent, answered]).when(record()).then([]);
  });
  it('refuses an answer to an inquiry never sent', () => spec.given([]).when(record()).thenFails('unknown-inquiry'));
});

describe('inquiry events', () => {
  it('InquirySent carries no name or birth date: its schema strips anything else', () => {
    const parsed = parseDomainEvent('InquirySent', { ...sent.data, kanjiName: '高橋 芽依', birthDate: '2024-06-10' });
    expect(parsed.data).toEqual(sent.data);
  });
  it('refuses a 統合宛名番号 or a municipality code of the wrong form', () => {
    expect(() => parseDomainEvent('InquirySent', { ...sent.data, toMunicipality: '011003' })).toThrow(/toMunicipality/);
    expect(() => parseDomainEvent('InquirySent', { ...sent.data, integratedAddresseeNo: 'K 302' })).toThrow(/integratedAddresseeNo/);
  });
  it('old registrations and move-ins (without the new fields) still read', () => {
    expect(() => upcastAndParse('ResidentRegistered', 1, { residentId: '1', kanaName: 'ア', kanjiName: '亜', sex: 'male', birthDate: '2020-01-01', address: '仙台市' })).not.toThrow();
    expect(() => upcastAndParse('ResidentMovedIn', 1, { residentId: '1', movedInOn: '2026-01-01' })).not.toThrow();
    expect(() => upcastAndParse('SlipHeld', 1, {
      slipId: inquiryId, batchId, line: 2, reason: 'no-such-resident',
      slip: { residentId: 'R1', kanaName: 'ア', birthDate: '2024-01-01', sex: 'male', vaccine: 'hib', dose: 1, date: '2024-03-01' },
    })).not.toThrow();
  });
  it('a held slip carries a slip or an answer record, never both or neither', () => {
    const base = { slipId: inquiryId, batchId, line: 2, reason: 'no-inquiry' };
    const answer = { integratedAddresseeNo: 'K-1', vaccine: 'hib', dose: 1, date: '2024-03-01' };
    const slip = { residentId: 'R1', kanaName: 'ア', birthDate: '2024-01-01', sex: 'male', vaccine: 'hib', dose: 1, date: '2024-03-01' };
    expect(() => parseDomainEvent('SlipHeld', { ...base, answer, source: 'other-municipality' })).not.toThrow();
    expect(() => parseDomainEvent('SlipHeld', base)).toThrow();
    expect(() => parseDomainEvent('SlipHeld', { ...base, answer, slip })).toThrow();
  });
});
