import { describe, it, expect } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { certificateDeciderFor, certifiedRecords, type CertifiableRecord, type CertificateEvent, type IssueCertificate } from '../../src/deciders/certificate.ts';
import { defaultRuleSet } from '../../src/schedule/rules.ts';

const certificateId = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const residentId = 'R0001';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const record = (n: number, vaccine: CertifiableRecord['fields']['vaccine'], dose: number, date: string, status: CertifiableRecord['status'] = 'active'): CertifiableRecord => ({
  recordId: id(n), status, fields: { vaccine, dose, date },
});

const ledger = [
  record(1, 'mr', 2, '2030-04-10'),
  record(2, 'hib', 1, '2025-06-10'),
  record(3, 'mr', 1, '2026-04-10'),
  record(4, 'hib', 2, '2025-07-10', 'voided'),
];

const issue = (over: Partial<IssueCertificate> = {}): IssueCertificate => ({
  type: 'IssueCertificate', certificateId, residentId, residentRegistered: true, identityDocument: ' 個人番号カード ', records: ledger, today: '2026-12-07', ...over,
});
const issued = (recordIds: string[], vaccines: CertificateEvent['data']['vaccines'] = []): CertificateEvent => ({
  type: 'CertificateIssued', data: { certificateId, residentId, issuedOn: '2026-12-07', vaccines, recordIds, identityDocument: '個人番号カード' },
});

const spec = deciderSpec(certificateDeciderFor(defaultRuleSet));

describe('certificate decider: issuing', () => {
  it('certifies the active records by vaccine, dose and date, on today\'s date', () => {
    spec.given([]).when(issue()).then([issued([id(2), id(3), id(1)])]);
  });

  it('certifies the vaccines asked for, each once', () => {
    spec.given([]).when(issue({ vaccines: ['mr', 'mr'] })).then([issued([id(3), id(1)], ['mr'])]);
  });

  it('certifies a dose recorded twice once, the first of them', () => {
    const twice = [record(5, 'influenza', 1, '2026-11-20'), record(6, 'influenza', 1, '2026-10-15'), record(7, 'influenza', 1, '2025-10-15')];
    spec.given([]).when(issue({ records: twice })).then([issued([id(7), id(6)])]);
  });

  it('refuses without the kind of identity document checked, or with more than 40 characters of it', () => {
    spec.given([]).when(issue({ identityDocument: '   ' })).thenFails('identity-document-required');
    spec.given([]).when(issue({ identityDocument: 'あ'.repeat(41) })).thenFails('identity-document-required');
  });

  it('refuses an unknown vaccine', () => spec.given([]).when(issue({ vaccines: ['mr', 'smallpox'] })).thenFails('unknown-vaccine'));
  it('refuses a resident who is not registered', () => spec.given([]).when(issue({ residentRegistered: false })).thenFails('unknown-resident'));

  it('refuses when nothing is left to certify', () => {
    spec.given([]).when(issue({ records: [] })).thenFails('nothing-to-certify');
    spec.given([]).when(issue({ records: [record(4, 'hib', 2, '2025-07-10', 'voided')] })).thenFails('nothing-to-certify');
    spec.given([]).when(issue({ vaccines: ['hpv'] })).thenFails('nothing-to-certify');
  });

  it('refuses to issue the same certificate twice', () => spec.given([issued([id(2)])]).when(issue()).thenFails('certificate-exists'));
});

describe('certificate decider: state and selection', () => {
  it('keeps what was certified, to whom and when', () => {
    spec.given([issued([id(2), id(3)])]).thenState({ status: 'issued', residentId, issuedOn: '2026-12-07', recordIds: [id(2), id(3)] });
  });

  it('returns the caller\'s own records, so it can print what the event certified', () => {
    const docs = ledger.map((r) => ({ ...r, lot: `L${r.recordId.slice(-1)}` }));
    expect(certifiedRecords(defaultRuleSet, docs, ['hib']).map((r) => r.lot)).toEqual(['L2']);
  });
});
