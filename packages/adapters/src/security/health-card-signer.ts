import { deflateRawSync } from 'node:zlib';
import type { JWK } from 'jose';
import { DomainError, type KeyStore, type SigningKeyEntry } from '@vaxledger/domain';
import type { Certificate, CertificateSigner, PublicKeySet } from '@vaxledger/application';
import { decrypt, encrypt } from './aes-gcm.ts';
import { healthCardBundle } from '../formats/smart-health-card/fhir-bundle.ts';
import { COVID19_TYPE, HEALTH_CARD_TYPE, IMMUNIZATION_TYPE } from '../formats/smart-health-card/card-forms.ts';

/** What binds a wrapped signing key to its tenant and id: moved to another, it does not open. */
const wrapAad = (tenant: string, kid: string) => `signing\n${tenant}\n${kid}`;

/** A public JWK as published: the curve point, its id (the thumbprint) and what it is for. */
function publicJwkOf(jwk: JWK, kid: string): Record<string, string> {
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, use: 'sig', alg: 'ES256' };
}

/**
 * Signs certificates as SMART Health Cards (ES256, `zip: DEF`, `kid` = the key's RFC 7638 thumbprint) with the tenant's
 * key in the key store: made on the first card, its private half kept only wrapped under the tenant's master key
 * (AES-256-GCM, as subject keys are), unwrapped for each signature and never handed out.
 */
/** jose, loaded with the first card: every command opens an engine, few sign. */
const jose = () => import('jose');

export class HealthCardSigner implements CertificateSigner {
  constructor(private readonly keyStore: KeyStore) {}

  private async keys(tenant: string): Promise<SigningKeyEntry[]> {
    if (!this.keyStore.signingKeys || !this.keyStore.putFirstSigningKey) {
      throw new DomainError('no-signing-keys', 'this key store keeps no signing keys: SMART Health Cards cannot be signed');
    }
    return this.keyStore.signingKeys(tenant);
  }

  async currentKeyId(tenant: string): Promise<string> {
    const found = await this.keys(tenant);
    if (found.length > 0) return found[found.length - 1]!.kid;
    const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await jose();
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
    const privateJson = Buffer.from(JSON.stringify(await exportJWK(privateKey)), 'utf8');
    const wrapped = encrypt(await this.keyStore.tenantMasterKey(tenant), privateJson, wrapAad(tenant, kid));
    privateJson.fill(0);
    await this.keyStore.putFirstSigningKey!(tenant, { kid, publicJwk: JSON.stringify(publicJwkOf(publicJwk, kid)), wrapped });
    // Another process may have stored its first key at the same moment: the one stored is the one in force.
    const stored = await this.keys(tenant);
    return stored[stored.length - 1]!.kid;
  }

  async signHealthCard(tenant: string, kid: string, card: { issuer: string; issuedAt: Date; certificate: Certificate }): Promise<string> {
    const entry = (await this.keys(tenant)).find((k) => k.kid === kid);
    if (!entry) throw new DomainError('signing-key-missing', `the signing key ${kid} is not in the key file`, 'integrity');
    let privateJson: Buffer;
    try {
      privateJson = decrypt(await this.keyStore.tenantMasterKey(tenant), entry.wrapped, wrapAad(tenant, kid));
    } catch {
      throw new DomainError('seal-broken', 'a wrapped signing key in the key file does not open (its bytes were changed, or it was moved)', 'integrity');
    }
    const { CompactSign, importJWK } = await jose();
    const key = await importJWK(JSON.parse(privateJson.toString('utf8')) as JWK, 'ES256');
    privateJson.fill(0);
    const everyDoseCovid = card.certificate.doses.length > 0 && card.certificate.doses.every((d) => d.vaccine === 'covid19');
    const payload = {
      iss: card.issuer,
      nbf: Math.floor(card.issuedAt.getTime() / 1000),
      vc: {
        type: [HEALTH_CARD_TYPE, IMMUNIZATION_TYPE, ...(everyDoseCovid ? [COVID19_TYPE] : [])],
        credentialSubject: { fhirVersion: '4.0.1', fhirBundle: healthCardBundle(card.certificate) },
      },
    };
    // Minified (JSON.stringify adds no whitespace), then raw DEFLATE (no zlib header), then signed.
    const compressed = deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8'));
    return new CompactSign(compressed).setProtectedHeader({ alg: 'ES256', zip: 'DEF', kid }).sign(key);
  }

  async publicKeys(tenant: string): Promise<PublicKeySet> {
    if (!this.keyStore.signingKeys) return { keys: [] };
    // Only the published halves: the wrapped private keys are never read here.
    return { keys: (await this.keyStore.signingKeys(tenant)).map((k) => JSON.parse(k.publicJwk) as Record<string, string>) };
  }
}
