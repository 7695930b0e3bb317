import { inflateRawSync } from 'node:zlib';
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { jwsOfNumericShc } from './card-forms.ts';
import { HEALTH_CARD_TYPE } from './card-forms.ts';
import { fhirR4Problems } from './fhir-validator.ts';
import { isPng, readQrPng } from './qr-code.ts';

/** Why a card failed, in Japanese for the verifier at the counter, with a stable code for machines. */
export interface CardFailure {
  readonly code: string;
  readonly message: string;
}

/** What a valid card says: its issuer, when it was issued, its key, and the doses (never more than the card holds). */
export interface VerifiedCard {
  readonly issuer: string;
  readonly issuedAt: string;
  readonly kid: string;
  readonly types: readonly string[];
  readonly patient: { readonly names: readonly string[]; readonly birthDate: string | null };
  readonly immunizations: ReadonlyArray<{ readonly vaccineCode: string; readonly date: string; readonly doseNumber: number | null; readonly lotNumber: string | null }>;
}

export type CardVerification = { readonly valid: true; readonly card: VerifiedCard } | { readonly valid: false; readonly failure: CardFailure };

const failed = (code: string, message: string): CardVerification => ({ valid: false, failure: { code, message } });

/** A compact JWS: three base64url parts. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A card's payload inflates to far less than this; more is not a card (and must not fill the memory). */
const MAX_PAYLOAD_BYTES = 1 << 20;

/** The JWS a file holds: a `.smart-health-card` file (its one card), a bare JWS, or a QR code PNG of `shc:/` digits. */
function jwsOf(bytes: Uint8Array): string | CardVerification {
  if (isPng(bytes)) {
    let text: string | null;
    try {
      text = readQrPng(bytes);
    } catch {
      return failed('unreadable-image', 'PNG画像を読み取れません');
    }
    if (text === null) return failed('no-qr-code', '画像にQRコードが見つかりません');
    if (/^shc:\/\d+\/\d+\//.test(text)) return failed('chunked-qr', '分割されたQRコード（廃止された形式）には対応していません');
    const jws = jwsOfNumericShc(text);
    return jws ?? failed('not-shc-qr', 'QRコードが SMART Health Card（shc:/ の数字形式）ではありません');
  }
  const text = Buffer.from(bytes).toString('utf8').trim();
  if (COMPACT_JWS.test(text)) return text;
  if (text.startsWith('shc:/')) return jwsOfNumericShc(text) ?? failed('not-shc-qr', 'shc:/ の数字形式が正しくありません');
  try {
    const file = JSON.parse(text) as { verifiableCredential?: unknown };
    const list = file.verifiableCredential;
    if (!Array.isArray(list) || list.length === 0) return failed('no-credential', 'ファイルに verifiableCredential がありません');
    if (list.length > 1) return failed('several-credentials', 'ファイルに証明書が複数あります（1枚ずつ検証してください）');
    if (typeof list[0] !== 'string' || !COMPACT_JWS.test(list[0])) return failed('malformed-jws', 'JWSの形式が正しくありません');
    return list[0];
  } catch {
    return failed('unreadable-file', 'SMART Health Card のファイル、JWS、QRコードのPNGのいずれでもありません');
  }
}

/** The key of the JWKS whose RFC 7638 thumbprint is `kid`; a key published under another kid is not taken. */
async function keyFor(jwks: unknown, kid: string): Promise<JWK | CardVerification> {
  // (a CardVerification always has `valid`; a JWK never does)
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return failed('invalid-jwks', 'JWKSの形式が正しくありません（keys がありません）');
  for (const key of keys as JWK[]) {
    if (key?.kid !== kid) continue;
    if (key.kty !== 'EC' || key.crv !== 'P-256' || 'd' in key) return failed('invalid-jwks', 'JWKSの鍵が ES256（P-256）の公開鍵ではありません');
    let thumbprint: string;
    try {
      thumbprint = await calculateJwkThumbprint(key, 'sha256');
    } catch {
      return failed('invalid-jwks', 'JWKSの鍵を読み取れません');
    }
    if (thumbprint !== kid) return failed('kid-mismatch', 'JWKSの鍵の kid がその鍵の拇印（RFC 7638）と一致しません');
    return key;
  }
  return failed('unknown-key', '署名鍵（kid）がJWKSにありません：失効した鍵か、別の発行者の鍵です');
}

/** Checks the bundle against the SMART Health Card rules for cards shown as QR codes, and against FHIR R4. */
function bundleProblem(bundle: unknown): CardVerification | null {
  const b = bundle as { resourceType?: unknown; type?: unknown; entry?: unknown };
  if (b?.resourceType !== 'Bundle' || b.type !== 'collection' || !Array.isArray(b.entry) || b.entry.length === 0) {
    return failed('not-a-collection', 'fhirBundle が collection 型の FHIR Bundle ではありません');
  }
  const entries = b.entry as Array<{ fullUrl?: unknown; resource?: Record<string, unknown> }>;
  for (const [i, e] of entries.entries()) {
    if (e.fullUrl !== `resource:${i}`) return failed('not-compact', `entry ${i} の fullUrl が resource:${i} ではありません`);
    const meta = e.resource?.meta as Record<string, unknown> | undefined;
    if (e.resource?.id !== undefined || e.resource?.text !== undefined || (meta !== undefined && Object.keys(meta).some((k) => k !== 'security'))) {
      return failed('not-compact', `entry ${i} に id・text・meta（security 以外）があります`);
    }
  }
  const problems = fhirR4Problems(bundle);
  if (problems.length > 0) return failed('fhir-invalid', `FHIR R4 として正しくありません：${problems.slice(0, 3).join('; ')}`);
  return null;
}

/**
 * Verifies a SMART Health Card against the issuer's public keys (a JWKS): the header (ES256, zip DEF, a kid), the key
 * (in the JWKS under its own thumbprint), the signature, then the payload — inflated (raw DEFLATE), JSON with iss, nbf
 * (not in the future) and a health-card vc — and its FHIR R4 Bundle. The signature is checked before anything signed
 * is inflated or read. `issuer`, when given, must be the card's `iss`.
 */
export async function verifyHealthCard(bytes: Uint8Array, jwks: unknown, options: { now?: Date; issuer?: string } = {}): Promise<CardVerification> {
  const jws = jwsOf(bytes);
  if (typeof jws !== 'string') return jws;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return failed('malformed-jws', 'JWSのヘッダーを読み取れません');
  }
  if (header.alg !== 'ES256' || header.zip !== 'DEF' || typeof header.kid !== 'string') {
    return failed('bad-header', 'JWSのヘッダーが仕様と異なります（alg ES256、zip DEF、kid が必要です）');
  }
  const key = await keyFor(jwks, header.kid);
  if ('valid' in key) return key;
  let compressed: Uint8Array;
  try {
    compressed = (await compactVerify(jws, await importJWK(key, 'ES256'))).payload;
  } catch {
    return failed('bad-signature', '署名が正しくありません：内容が書き換えられたか、別の鍵で署名されています');
  }
  let payload: { iss?: unknown; nbf?: unknown; vc?: { type?: unknown; credentialSubject?: { fhirVersion?: unknown; fhirBundle?: unknown } } };
  try {
    payload = JSON.parse(inflateRawSync(compressed, { maxOutputLength: MAX_PAYLOAD_BYTES }).toString('utf8'));
  } catch {
    return failed('bad-payload', '本文を展開できません（DEFLATE で圧縮された JSON ではありません）');
  }
  if (typeof payload.iss !== 'string' || typeof payload.nbf !== 'number' || typeof payload.vc !== 'object' || payload.vc === null) {
    return failed('bad-payload', '本文に iss・nbf・vc がありません');
  }
  if (options.issuer !== undefined && payload.iss !== options.issuer) return failed('issuer-mismatch', '発行者（iss）が指定の発行者と異なります');
  // A minute of leeway for the clocks of issuer and verifier.
  if (payload.nbf * 1000 > (options.now ?? new Date()).getTime() + 60_000) return failed('not-yet-valid', '発行日時（nbf）が未来です');
  const types = Array.isArray(payload.vc.type) ? payload.vc.type.filter((t): t is string => typeof t === 'string') : [];
  if (!types.includes(HEALTH_CARD_TYPE)) return failed('not-a-health-card', `vc.type に ${HEALTH_CARD_TYPE} がありません`);
  if (payload.vc.credentialSubject?.fhirVersion !== '4.0.1') return failed('fhir-version', 'fhirVersion が 4.0.1（FHIR R4）ではありません');
  const bundle = payload.vc.credentialSubject.fhirBundle;
  const problem = bundleProblem(bundle);
  if (problem) return problem;
  return { valid: true, card: summaryOf(payload.iss, payload.nbf, header.kid, types, bundle as { entry: Array<{ resource: Record<string, any> }> }) };
}

function summaryOf(issuer: string, nbf: number, kid: string, types: string[], bundle: { entry: Array<{ resource: Record<string, any> }> }): VerifiedCard {
  const resources = bundle.entry.map((e) => e.resource);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const names = ((patient?.name ?? []) as Array<{ family?: string; given?: string[]; text?: string }>)
    .map((n) => n.text ?? [n.family, ...(n.given ?? [])].filter(Boolean).join(' '));
  return {
    issuer, issuedAt: new Date(nbf * 1000).toISOString(), kid, types,
    patient: { names, birthDate: typeof patient?.birthDate === 'string' ? patient.birthDate : null },
    immunizations: resources.filter((r) => r.resourceType === 'Immunization').map((r) => ({
      vaccineCode: String(r.vaccineCode?.coding?.[0]?.code ?? ''),
      date: String(r.occurrenceDateTime ?? ''),
      doseNumber: typeof r.protocolApplied?.[0]?.doseNumberPositiveInt === 'number' ? r.protocolApplied[0].doseNumberPositiveInt : null,
      lotNumber: typeof r.lotNumber === 'string' ? r.lotNumber : null,
    })),
  };
}
