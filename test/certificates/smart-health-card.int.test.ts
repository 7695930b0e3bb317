// SMART Health Cards end to end: issued through the CLI against a real SQLite store, verified by `certificate verify`
// and, independently, by a check written from the specification here (base64url, raw inflate, ES256 with node:crypto
// against the exported JWKS, the RFC 7638 thumbprint, FHIR R4 against the official JSON schema) — not through the
// production code path.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

const require = createRequire(import.meta.url);
const FhirValidator = require('@asymmetrik/fhir-json-schema-validator') as new (schema?: unknown) => { validate(resource: unknown): unknown[] };
const jsQR = (jsQRModule as unknown as { default: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).default;

const dir = tempDir();
const PASSPORT_NUMBER = 'TK7305518';
const ROMAN_NAME = 'SHIKEN TARO';

const b64url = (s: string) => Buffer.from(s, 'base64url');

/** RFC 7638: SHA-256 of the required members of an EC key, in lexicographic order, without whitespace. */
function thumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
}

/** The SMART Health Card numeric QR form, written from the spec: each character's code minus 45, two digits. */
const numeric = (jws: string) => `shc:/${[...jws].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('')}`;

/** An ES256 JWS over `payload` with a key of the test's own, under any kid: a forgery. */
function forge(header: object, payload: Buffer, privateKey: Parameters<typeof sign>[2]): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${payload.toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey as never, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

async function store(name: string, tenant: string): Promise<{ db: string; records: Record<string, string> }> {
  const db = join(dir, `${name}.db`);
  const engine = await openSqliteEngine({ file: db, tenant, create: true, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
  const s = engine.session('admin.sato', 'registration');
  await s.registerResident('000001', aResident(1, { birthDate: '2025-01-10' }));
  const records: Record<string, string> = {};
  const rec = async (key: string, input: Parameters<typeof s.recordVaccination>[0]) => void (records[key] = (await s.recordVaccination(input)).recordId);
  await rec('hib1', { residentId: '000001', vaccine: 'hib', dose: 1, date: '2025-03-15', source: 'clinic-slip', lot: 'AB123', clinicNo: '4101234' });
  await rec('hib2voided', { residentId: '000001', vaccine: 'hib', dose: 2, date: '2025-04-20', source: 'clinic-slip', lot: 'VOID99' });
  await s.voidVaccination({ residentId: '000001', recordId: records.hib2voided!, reason: '誤登録' });
  await rec('hib2', { residentId: '000001', vaccine: 'hib', dose: 2, date: '2025-04-24', source: 'clinic-slip', lot: 'CD456' });
  await rec('hib3', { residentId: '000001', vaccine: 'hib', dose: 3, date: '2025-05-29', source: 'clinic-slip' });
  await rec('hib3duplicate', { residentId: '000001', vaccine: 'hib', dose: 3, date: '2025-06-05', source: 'counter', lot: 'DUP77', duplicateReason: '医療機関からの重複報告' });
  await rec('voluntary', { residentId: '000001', vaccine: 'influenza', dose: 1, date: '2025-11-01', source: 'counter', category: 'voluntary', lot: 'FLU01' });
  await engine.close();
  return { db, records };
}

describe('SMART Health Card (vaxledger certificate --format shc)', () => {
  let city: { db: string; records: Record<string, string> };
  let other: { db: string };
  const card = join(dir, 'card.smart-health-card');
  const qr = join(dir, 'card.png');
  const jwksFile = join(dir, 'jwks.json');
  let jws: string;

  beforeAll(async () => {
    city = await store('city', '041009');
    other = await store('other', '131016');
    const as = ['--db', city.db, '--operator', 'admin.sato'];
    expect((await runCli(['certificate', 'issuer', 'https://vaccination.city.example/shc', ...as])).code).toBe(0);
    const issued = await runCli(['certificate', '000001', '--identity-document', '旅券', '--format', 'shc', '--out', card, '--qr', qr,
      '--roman-name', ROMAN_NAME.toLowerCase(), '--nationality', 'jpn', '--passport-number', PASSPORT_NUMBER, ...as]);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    expect(issued.stdout).toContain('3回分');
    // Public keys only: no operator signs in for them.
    const keys = await runCli(['certificate', 'keys', '--db', city.db, '--out', jwksFile], { VAXLEDGER_SECRET: '' });
    expect(keys.code).toBe(0);
    jws = (JSON.parse(readFileSync(card, 'utf8')) as { verifiableCredential: string[] }).verifiableCredential[0]!;
  }, cliTimeout(8));

  it('verifies with `certificate verify` as a file, a bare JWS and a QR PNG', async () => {
    const bare = join(dir, 'card.jws');
    writeFileSync(bare, jws);
    for (const input of [card, bare, qr]) {
      const out = await runCli(['certificate', 'verify', input, '--jwks', jwksFile]);
      expect(out.stdout).toContain('有効な SMART Health Card です');
      expect(out.code).toBe(0);
    }
    const json = await runCli(['certificate', 'verify', card, '--jwks', jwksFile, '--issuer', 'https://vaccination.city.example/shc', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, card: { issuer: 'https://vaccination.city.example/shc' } });
  }, cliTimeout(4));

  it('passes an independent check written from the specification', () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const header = JSON.parse(b64url(h).toString('utf8')) as { alg: string; zip: string; kid: string };
    expect(header).toEqual({ alg: 'ES256', zip: 'DEF', kid: expect.any(String) });
    const jwks = JSON.parse(readFileSync(jwksFile, 'utf8')) as { keys: Array<JsonWebKey & { kid: string; crv: string; kty: string; x: string; y: string }> };
    expect(jwks.keys).toHaveLength(1);
    const jwk = jwks.keys[0]!;
    expect(Object.keys(jwk)).not.toContain('d');
    expect(jwk.kid).toBe(thumbprint(jwk));
    expect(header.kid).toBe(jwk.kid);
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, b64url(s))).toBe(true);
    const text = inflateRawSync(b64url(p)).toString('utf8');
    expect(text).not.toMatch(/\s"|":\s|,\s/); // minified
    const payload = JSON.parse(text);
    expect(payload.iss).toBe('https://vaccination.city.example/shc');
    expect(Math.abs(payload.nbf - Date.now() / 1000)).toBeLessThan(600);
    expect(payload.vc.type).toEqual(['https://smarthealth.cards#health-card', 'https://smarthealth.cards#immunization']);
    expect(payload.vc.credentialSubject.fhirVersion).toBe('4.0.1');
    const bundle = payload.vc.credentialSubject.fhirBundle;
    expect(new FhirValidator().validate(bundle)).toEqual([]);
    expect(bundle.entry.map((e: { fullUrl: string }) => e.fullUrl)).toEqual(['resource:0', 'resource:1', 'resource:2', 'resource:3']);
    const [patient, ...immunizations] = bundle.entry.map((e: { resource: any }) => e.resource);
    expect(patient).toMatchObject({
      resourceType: 'Patient', birthDate: '2025-01-10',
      name: [{ family: 'SHIKEN', given: ['TARO'] }, { family: '試験', given: ['太郎1'] }],
      identifier: [{ type: { coding: [{ code: 'PPN' }] }, system: 'http://hl7.org/fhir/sid/passport-JPN', value: PASSPORT_NUMBER }],
    });
    // Active routine records as corrected, each dose once: not the voided one, not the duplicate, not the voluntary dose.
    expect(immunizations.map((i: any) => [i.status, i.vaccineCode.coding[0].system, i.vaccineCode.coding[0].code, i.occurrenceDateTime, i.protocolApplied[0].doseNumberPositiveInt, i.lotNumber ?? null]))
      .toEqual([
        ['completed', 'http://hl7.org/fhir/sid/cvx', '17', '2025-03-15', 1, 'AB123'],
        ['completed', 'http://hl7.org/fhir/sid/cvx', '17', '2025-04-24', 2, 'CD456'],
        ['completed', 'http://hl7.org/fhir/sid/cvx', '17', '2025-05-29', 3, null],
      ]);
    expect(immunizations[0].performer).toEqual([{ actor: { display: '接種医療機関番号 4101234' } }]);
    for (const absent of ['VOID99', 'DUP77', 'FLU01', '2025-04-20', '2025-06-05']) expect(text).not.toContain(absent);
    for (const r of bundle.entry.map((e: { resource: any }) => e.resource)) {
      expect(r.id).toBeUndefined();
      expect(r.meta).toBeUndefined();
      expect(r.text).toBeUndefined();
    }
  });

  it('its QR PNG decodes to the same shc:/ string', () => {
    const image = PNG.sync.read(readFileSync(qr));
    const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(found?.data).toBe(numeric(jws));
  });

  it('fails (exit 1), saying why, for one changed byte, another issuer\'s key, a forged signature and a key not in the JWKS', async () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    const cases: Array<[string, string, RegExp]> = [];
    // One changed byte of the signed payload.
    const payload = b64url(p);
    payload[10] = payload[10]! ^ 0x01;
    cases.push(['tampered', `${h}.${payload.toString('base64url')}.${s}`, /署名が正しくありません/]);
    // A card of another municipality's store: its key is not in this JWKS.
    const otherCard = join(dir, 'other.smart-health-card');
    expect((await runCli(['certificate', '000001', '--identity-document', '旅券', '--format', 'shc', '--out', otherCard, '--db', other.db, '--operator', 'admin.sato'])).code).toBe(0);
    cases.push(['other-issuer', (JSON.parse(readFileSync(otherCard, 'utf8')) as { verifiableCredential: string[] }).verifiableCredential[0]!, /JWKSにありません/]);
    // The genuine payload signed with another key under the genuine kid.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    cases.push(['forged', forge(JSON.parse(b64url(h).toString('utf8')), b64url(p), privateKey), /署名が正しくありません/]);
    for (const [name, text, why] of cases) {
      const file = join(dir, `${name}.jws`);
      writeFileSync(file, text);
      const out = await runCli(['certificate', 'verify', file, '--jwks', jwksFile]);
      expect(out.stdout, name).toMatch(why);
      expect(out.code, name).toBe(1);
    }
    // The genuine card against a JWKS without its key (revoked).
    const revoked = join(dir, 'revoked-jwks.json');
    writeFileSync(revoked, JSON.stringify({ keys: [] }));
    const out = await runCli(['certificate', 'verify', card, '--jwks', revoked]);
    expect(out.stdout).toMatch(/失効した鍵/);
    expect(out.code).toBe(1);
  }, cliTimeout(6));

  it('keeps passport items out of the store in clear, and an erasure makes them unreadable', async () => {
    const files = [city.db, `${city.db}-wal`, `${city.db}.keys`].filter((f) => existsSync(f));
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const item of [PASSPORT_NUMBER, ROMAN_NAME, 'SHIKEN']) expect(bytes.includes(Buffer.from(item)), `${item} in ${f}`).toBe(false);
    }
    const issuedEvents = async () => {
      const engine = await openSqliteEngine({ file: city.db, authenticator: hostAuthenticated });
      try {
        const issued: Array<Record<string, unknown>> = [];
        for await (const e of engine.store.readAll()) if (e.type === 'CertificateIssued') issued.push(e.data as Record<string, unknown>);
        return issued;
      } finally {
        await engine.close();
      }
    };
    // The provision record names the card and which passport items it carried, never their values.
    const provisions = await runCli(['provisions', '000001', '--db', city.db, '--operator', 'admin.sato', '--json']);
    expect(provisions.code).toBe(0);
    expect(JSON.parse(provisions.stdout).provisions).toContainEqual(expect.objectContaining({
      kind: 'certificate', detail: expect.objectContaining({ format: 'shc', passportItems: ['nationality', 'passportNumber', 'romanName'] }),
    }));
    expect(provisions.stdout).not.toContain(PASSPORT_NUMBER);
    // Readable with the person's key (sealed in the event, not dropped)…
    expect(await issuedEvents()).toMatchObject([{ passport: { romanName: ROMAN_NAME, nationality: 'JPN', passportNumber: PASSPORT_NUMBER } }]);
    const erase = await runCli(['erase', '000001', '--reason', '本人の申出', '--db', city.db, '--operator', 'admin.sato']);
    expect(erase.code).toBe(0);
    // …and gone with it: what stays in clear says which card was issued, by which key, never to whom abroad.
    const [after] = await issuedEvents();
    expect(after).not.toHaveProperty('passport');
    expect(after).toMatchObject({ $erased: true, format: 'shc', healthCard: { issuer: 'https://vaccination.city.example/shc' } });
    expect(after!.$items).toContain('passport');
  }, cliTimeout(3));
});
