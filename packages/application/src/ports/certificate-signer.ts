import type { Certificate } from '../engine/session/certificates.ts';

/** A JSON Web Key Set of public keys only (RFC 7517): what a verifier of the tenant's cards needs. */
export interface PublicKeySet {
  readonly keys: ReadonlyArray<Readonly<Record<string, string>>>;
}

/**
 * Signs certificates as SMART Health Cards: the FHIR R4 Bundle of the certificate, minified, DEFLATE-compressed and
 * signed as a compact JWS (ES256) with the tenant's key, which the signer keeps sealed in the key store and makes on
 * first use. A port, so that the JOSE and FHIR libraries stay in the adapters (HealthCardSigner).
 */
export interface CertificateSigner {
  /** The id (JWK thumbprint) of the key the tenant's next card is signed with: made on first use. */
  currentKeyId(tenant: string): Promise<string>;
  /** The card: a compact JWS signed with key `kid`, carrying `issuer` as `iss` and `issuedAt` as `nbf`. */
  signHealthCard(tenant: string, kid: string, card: { readonly issuer: string; readonly issuedAt: Date; readonly certificate: Certificate }): Promise<string>;
  /** The tenant's public keys, never private material; makes no key (none before the first card). */
  publicKeys(tenant: string): Promise<PublicKeySet>;
}
