/** The card's credential types: every card is a health card of immunizations; one of COVID-19 doses only says so too. */
export const HEALTH_CARD_TYPE = 'https://smarthealth.cards#health-card';
export const IMMUNIZATION_TYPE = 'https://smarthealth.cards#immunization';
export const COVID19_TYPE = 'https://smarthealth.cards#covid19';

/** The longest JWS a single QR code (version 22, 105×105 modules, the spec's limit) carries. */
export const MAX_SINGLE_QR_JWS = 1195;

/** The file form (`.smart-health-card`): a JSON object with the card's JWS in `verifiableCredential`. */
export function healthCardFile(jws: string): string {
  return `${JSON.stringify({ verifiableCredential: [jws] })}\n`;
}

/** The `shc:/` numeric form of a QR code: each character of the JWS as two digits, its code minus 45. */
export function numericShc(jws: string): string {
  let digits = '';
  for (let i = 0; i < jws.length; i++) digits += String(jws.charCodeAt(i) - 45).padStart(2, '0');
  return `shc:/${digits}`;
}

/** The JWS of an `shc:/` numeric form, or null when it is not one (chunked cards, deprecated, are not read). */
export function jwsOfNumericShc(text: string): string | null {
  const m = /^shc:\/(\d+)$/.exec(text.trim());
  if (!m || m[1]!.length % 2 !== 0) return null;
  let jws = '';
  for (let i = 0; i < m[1]!.length; i += 2) {
    const code = Number(m[1]!.slice(i, i + 2)) + 45;
    if (code > 122) return null;
    jws += String.fromCharCode(code);
  }
  return jws;
}
