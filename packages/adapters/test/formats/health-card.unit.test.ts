import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { CompactSign, importJWK, type JWK } from 'jose';
import type { Certificate } from '@vaxledger/application';
import { HealthCardSigner } from '../../src/security/health-card-signer.ts';
import { MemoryKeyStore } from '../../src/security/file-key-store.ts';
import { healthCardQrPng, jwsOfNumericShc, MAX_SINGLE_QR_JWS, numericShc, readQrPng, verifyHealthCard } from '../../src/formats/smart-health-card/index.ts';

const TENANT = '041009';
const certificate = (doses = 1): Certificate => ({
  certificateId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', municipality: TENANT, issuedOn: '2026-04-01', residentId: '000001', format: 'shc',
  person: { kanjiName: '試験 太郎', kanaName: 'シケン タロウ', birthDate: '2025-01-10' },
  doses: Array.from({ length: doses }, (_, i) => ({ recordId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, vaccine: 'covid19' as const, dose: i + 1, date: '2025-03-15', category: 'temporary' as const, lot: `LOT-${i}-ABCDEFGHIJ` })),
});

async function issued(doses = 1) {
  const keyStore = new MemoryKeyStore();
  const signer = new HealthCardSigner(keyStore);
  const kid = await signer.currentKeyId(TENANT);
  const jws = await signer.signHealthCard(TENANT, kid, { issuer: 'https://city.example/shc', issuedAt: new Date(), certificate: certificate(doses) });
  return { keyStore, signer, kid, jws, jwks: await signer.publicKeys(TENANT) };
}

/** Signs any payload with the tenant's own key, as a buggy or hostile issuer holding it would. */
async function signedWith(keyStore: MemoryKeyStore, kid: string, payload: unknown, header: Record<string, unknown> = {}): Promise<string> {
  const { decrypt } = await import('../../src/security/aes-gcm.ts');
  const entry = (await keyStore.signingKeys(TENANT))[0]!;
  const jwk = JSON.parse(decrypt(await keyStore.tenantMasterKey(TENANT), entry.wrapped, `signing\n${TENANT}\n${kid}`).toString('utf8')) as JWK;
  return new CompactSign(deflateRawSync(Buffer.from(JSON.stringify(payload)))).setProtectedHeader({ alg: 'ES256', zip: 'DEF', kid, ...header }).sign(await importJWK(jwk, 'ES256'));
}

describe('SMART Health Card signer and verifier', () => {
  it('makes one key per tenant on first use, keeps its private half only wrapped, and publishes the public half', async () => {
    const { keyStore, signer, kid, jwks } = await issued();
    expect(await signer.currentKeyId(TENANT)).toBe(kid);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', kid, alg: 'ES256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const [entry] = await keyStore.signingKeys(TENANT);
    expect(Buffer.from(entry!.wrapped).toString('latin1')).not.toContain('"d"');
    expect((await new HealthCardSigner(keyStore).publicKeys('131016')).keys).toEqual([]);
  });

  it('a COVID-19 card says so in its types; the verifier reads back what was signed', async () => {
    const { jws, jwks } = await issued(2);
    const result = await verifyHealthCard(Buffer.from(jws), jwks);
    expect(result).toMatchObject({ valid: true, card: { types: expect.arrayContaining(['https://smarthealth.cards#covid19']), immunizations: [{ vaccineCode: '213', doseNumber: 1 }, { vaccineCode: '213', doseNumber: 2 }] } });
  });

  it('refuses a card signed with the right key that breaks the spec: no zip, nbf in the future, not a health card, invalid FHIR, not compact', async () => {
    const { keyStore, kid, jwks } = await issued();
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'resource:0', resource: { resourceType: 'Patient', birthDate: '2025-01-10' } }] };
    const vc = (b: unknown, type = ['https://smarthealth.cards#health-card']) => ({ type, credentialSubject: { fhirVersion: '4.0.1', fhirBundle: b } });
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string]> = [
      ['bad-header', await signedWith(keyStore, kid, { iss: 'https://city.example/shc', nbf: now, vc: vc(bundle) }, { zip: undefined })],
      ['not-yet-valid', await signedWith(keyStore, kid, { iss: 'https://city.example/shc', nbf: now + 3600, vc: vc(bundle) })],
      ['not-a-health-card', await signedWith(keyStore, kid, { iss: 'https://city.example/shc', nbf: now, vc: vc(bundle, ['https://example.org#other']) })],
      ['fhir-invalid', await signedWith(keyStore, kid, { iss: 'https://city.example/shc', nbf: now, vc: vc({ ...bundle, entry: [{ fullUrl: 'resource:0', resource: { resourceType: 'Patient', birthDate: '10/01/2025' } }] }) })],
      ['not-compact', await signedWith(keyStore, kid, { iss: 'https://city.example/shc', nbf: now, vc: vc({ ...bundle, entry: [{ fullUrl: 'resource:0', resource: { resourceType: 'Patient', id: 'p1' } }] }) })],
    ];
    for (const [code, jws] of cases) {
      const result = await verifyHealthCard(Buffer.from(jws), jwks);
      expect(result.valid ? 'valid' : result.failure.code, code).toBe(code);
    }
  }, 30_000);

  it('refuses a JWKS key published under another key\'s thumbprint, and a private key in the JWKS', async () => {
    const { jws, jwks, kid } = await issued();
    const other = (await issued()).jwks.keys[0]!;
    expect(await verifyHealthCard(Buffer.from(jws), { keys: [{ ...other, kid }] })).toMatchObject({ valid: false, failure: { code: 'kid-mismatch' } });
    expect(await verifyHealthCard(Buffer.from(jws), { keys: [{ ...jwks.keys[0], d: 'AAAA' }] })).toMatchObject({ valid: false, failure: { code: 'invalid-jwks' } });
  });

  it('numeric shc:/ form round-trips; a QR code holds it, and a card too large for one code is refused', async () => {
    const { jws } = await issued();
    expect(jwsOfNumericShc(numericShc(jws))).toBe(jws);
    expect(readQrPng(await healthCardQrPng(jws))).toBe(numericShc(jws));
    const large = await issued(40);
    expect(large.jws.length).toBeGreaterThan(MAX_SINGLE_QR_JWS);
    await expect(healthCardQrPng(large.jws)).rejects.toMatchObject({ code: 'card-too-large-for-qr' });
  }, 30_000);
});
