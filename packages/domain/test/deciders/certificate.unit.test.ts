import { describe, it, expect } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { certificateDeciderFor, certifiedRecords, type CertifiableRecord, type CertificateEvent, type IssueCertificate } from '../../src/deciders/certificate.ts';
import { defaultRuleSet } from '../../src/schedule/rules.ts';

const certificateId = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const residentId = 'R0001';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const record = (n: number, vaccine: CertifiableRecord['fields']['vaccine'], dose: number, date: string, status: CertifiableRecord['status'] = 'active', category: CertifiableRecord['fields']['category'] = 'routine'): CertifiableRecord => ({
  recordId: id(n), status, fields: { vaccine, dose, date, category },
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
const issued = (recordIds: string[], vaccines: CertificateEvent['data']['vaccines'] = [], more: Partial<CertificateEvent['data']> = {}): CertificateEvent => ({
  type: 'CertificateIssued', data: { certificateId, residentId, issuedOn: '2026-12-07', vaccines, recordIds, identityDocument: '個人番号カード', format: 'text', ...more },
});
const KID = 'MurM2KywyJBUzOuaWmY7jF8y1MmI3SerKS1Du9ch3N8';

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

  it('leaves out voluntary doses (the clinic certifies those); temporary and special-measures ones are certified', () => {
    const mixed = [record(5, 'influenza', 1, '2026-11-20', 'active', 'voluntary'), record(6, 'covid19', 1, '2024-10-15', 'active', 'temporary'), record(7, 'covid19', 2, '2024-11-15', 'active', 'special-measures')];
    spec.given([]).when(issue({ records: mixed })).then([issued([id(6), id(7)])]);
    spec.given([]).when(issue({ records: [mixed[0]!] })).thenFails('nothing-to-certify');
  });

  it('a voluntary record of a dose does not hide the routine one recorded after it', () => {
    const both = [record(5, 'mr', 1, '2026-04-01', 'active', 'voluntary'), record(6, 'mr', 1, '2026-05-01')];
    spec.given([]).when(issue({ records: both })).then([issued([id(6)])]);
  });

  it('keeps passport items as the passport prints them (upper case, single spaces), and names a card\'s issuer and key', () => {
    spec.given([]).when(issue({ format: 'shc', passport: { romanName: ' yamada   taro ', nationality: 'jpn', passportNumber: 'tk1234567' }, healthCard: { issuer: 'https://city.example/shc', kid: KID } }))
      .then([issued([id(2), id(3), id(1)], [], { format: 'shc', passport: { romanName: 'YAMADA TARO', nationality: 'JPN', passportNumber: 'TK1234567' }, healthCard: { issuer: 'https://city.example/shc', kid: KID } })]);
  });

  it('refuses malformed passport items, naming the item but not its value', () => {
    for (const passport of [{ romanName: '山田太郎' }, { nationality: 'QZ' }, { passportNumber: 'TK-123' }, { romanName: ' ' }]) {
      const result = certificateDeciderFor(defaultRuleSet).decide(issue({ passport }), { status: 'none' });
      expect(result._tag).toBe('Left');
      if (result._tag === 'Left') {
        expect(result.left.code).toBe('invalid-passport-item');
        for (const v of Object.values(passport)) if (v.trim() !== '') expect(result.left.message).not.toContain(v);
      }
    }
  });

  it('a SMART Health Card, and only one, names its issuer and key', () => {
    spec.given([]).when(issue({ format: 'shc' })).thenFails('health-card-key-required');
    spec.given([]).when(issue({ format: 'json', healthCard: { issuer: 'https://city.example/shc', kid: KID } })).thenFails('health-card-key-required');
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
