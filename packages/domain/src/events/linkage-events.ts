import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, MunicipalityCodeSchema, PartSchema, ResidentIdSchema } from './common.ts';
import { INTEGRATED_ADDRESSEE_NO_PATTERN } from '../identifiers/ids.ts';
import { VaccineSchema, VACCINES } from './vaccination-events.ts';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest');

/**
 * 副本作成・登録: the vaccination records handed to the intermediate server (中間サーバ) for other municipalities'
 * inquiries, keyed by 統合宛名番号 and free of any item that identifies a person on its own. The provision record:
 * whose copies went out, from which changes, and the hash of exactly what was handed over.
 */
export const CopiesExportedSchema = z.object({
  exportId: z.uuid(),
  /** Every resident with records is in a full export; an incremental one, those whose facts changed after `fromPosition`. */
  full: z.boolean(),
  fromPosition: z.number().int().nonnegative(),
  /** The store's head when the export was made: the next incremental export starts after it. */
  throughPosition: z.number().int().nonnegative(),
  residentIds: z.array(ResidentIdSchema),
  /** Residents with records that could not be sent: they have no 統合宛名番号. */
  unlinked: z.array(ResidentIdSchema),
  records: z.number().int().nonnegative(),
  /** SHA-256 of the exported file's bytes, so that a file can later be shown to be (or not be) the one handed over. */
  fileHash: Sha256Hex,
  /**
   * A large export is split across events (IDS_PER_PART ids each, residentIds first, then unlinked), the header
   * repeated: readers join their residentIds and unlinked.
   */
  part: PartSchema.optional(),
});

/**
 * 予防接種済証 / 接種証明書: a certificate issued to the person (or their representative) after the identity document
 * was checked (番号法第16条). Which records it certified is kept, so the certificate can be reproduced and checked.
 */
/** The forms a certificate is handed over in: printed text, JSON, or a SMART Health Card (signed, verifiable abroad). */
export const CERTIFICATE_FORMATS = ['text', 'json', 'shc'] as const;
export type CertificateFormat = (typeof CERTIFICATE_FORMATS)[number];

/**
 * Passport items for a certificate used abroad (接種証明書の海外用): as the passport prints them. Given for one
 * certificate, printed on it only, and kept nowhere else: the event that records the issue carries them sealed with the
 * person's key, so that an erasure makes them unreadable with the rest of the person's items.
 */
export const PassportItemsSchema = z.object({
  /** The name in Roman letters, surname first (as in a Japanese passport); a comma may end a surname of several words. */
  romanName: z.string().min(2).max(80).regex(/^[A-Z][A-Z' ,.-]*[A-Z.]$/, 'Roman letters (A-Z), spaces, hyphens, apostrophes, one comma').optional(),
  /** ISO 3166-1 alpha-3, as passports print it (JPN). */
  nationality: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3 (three letters, e.g. JPN)').optional(),
  /** The passport's number (ICAO 9303: up to 9 letters and digits). */
  passportNumber: z.string().regex(/^[A-Z0-9]{5,9}$/, '5 to 9 letters and digits').optional(),
}).refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'no passport item given' });
export type PassportItems = z.infer<typeof PassportItemsSchema>;

/**
 * A SMART Health Card's `iss`: an https URL with no trailing slash, query or fragment (the card's verifiers fetch
 * `<iss>/.well-known/jwks.json`).
 */
export const HealthCardIssuerSchema = z.string().max(200).refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && u.search === '' && u.hash === '' && !s.endsWith('/') && u.href.replace(/\/$/, '') === s;
  } catch {
    return false;
  }
}, { message: 'an https URL without a trailing slash, query, fragment or credentials (e.g. https://vaccination.example.lg.jp/shc)' });

/** The issuer URL a tenant's SMART Health Cards carry until an administrator sets its own: a reserved name (.invalid). */
export const defaultHealthCardIssuer = (tenant: string): string => `https://shc.invalid/${tenant}`;

/** The issuer URL of the tenant's SMART Health Cards, set by an administrator (one stream: the last one set holds). */
export const HealthCardIssuerSetSchema = z.object({ issuer: HealthCardIssuerSchema });

export const CertificateIssuedSchema = z.object({
  certificateId: z.uuid(),
  residentId: ResidentIdSchema,
  issuedOn: IsoDateSchema,
  /** The vaccines asked for; empty for every vaccine on the ledger. */
  vaccines: z.array(VaccineSchema).max(VACCINES.length),
  recordIds: z.array(z.uuid()),
  /** The kind of identity document checked (e.g. 個人番号カード, 運転免許証); never its number. */
  identityDocument: freeText(40, 1),
  /** How it was handed over; absent on certificates issued before formats were recorded (text or JSON). */
  format: z.enum(CERTIFICATE_FORMATS).optional(),
  /** Passport items printed on this certificate only (sealed with the person's key, like every item not in clear). */
  passport: PassportItemsSchema.optional(),
  /** A SMART Health Card's issuer URL and signing key (its JWK thumbprint): what a key's revocation concerns. */
  healthCard: z.object({ issuer: HealthCardIssuerSchema, kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a base64url SHA-256 JWK thumbprint') }).optional(),
});

/**
 * The 事務 an inquiry serves and the provision of law that lets the network carry it (情報照会の根拠). The assessment
 * (I-6②) names 番号法第19条第8号 別表第二の16の2の項 (予防接種法) and 115の2の項 (特措法); since 2024-05-27 that table
 * lives on as the 主務省令 under 第19条第8号, with the same 事務 and 特定個人情報.
 */
export const INQUIRY_BASES = {
  'bangou-19-8-16-2': {
    affair: '予防接種法による予防接種の実施に関する事務',
    provision: '番号法第19条第8号 別表第二の16の2の項 (主務省令の対応する項)',
    information: '予防接種法による予防接種の実施に関する情報',
  },
  'bangou-19-8-115-2': {
    affair: '新型インフルエンザ等対策特別措置法による予防接種の実施に関する事務',
    provision: '番号法第19条第8号 別表第二の115の2の項 (主務省令の対応する項)',
    information: '新型インフルエンザ等対策特別措置法による予防接種の実施に関する情報',
  },
} as const;
export type InquiryBasis = keyof typeof INQUIRY_BASES;
export const InquiryBasisSchema = z.enum(Object.keys(INQUIRY_BASES) as [InquiryBasis, ...InquiryBasis[]]);

/**
 * 情報照会: a mover's vaccination history asked of the municipality they came from, through the intermediate server,
 * by 統合宛名番号 (the server turns it into the network's own code) and the 事務 it serves; never a 個人番号, a name
 * or a birth date. The provision record of what went out: to whom, about whom, on which basis, the file's hash.
 */
export const InquirySentSchema = z.object({
  inquiryId: z.uuid(),
  residentId: ResidentIdSchema,
  integratedAddresseeNo: z.string().regex(INTEGRATED_ADDRESSEE_NO_PATTERN),
  toMunicipality: MunicipalityCodeSchema,
  basis: InquiryBasisSchema,
  fileHash: Sha256Hex,
});

/** 情報照会の回答: an answer file's records for one inquiry were imported (recorded, held or already there). */
export const InquiryAnsweredSchema = z.object({
  inquiryId: z.uuid(),
  residentId: ResidentIdSchema,
  batchId: z.uuid(),
  /** Records of the answer that were recorded on the person's ledger by this batch. */
  recorded: z.number().int().nonnegative(),
  /** Records of the answer that were held in the suspense queue (疑義). */
  held: z.number().int().nonnegative(),
});
