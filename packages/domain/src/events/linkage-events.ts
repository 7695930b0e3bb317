import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, PartSchema, ResidentIdSchema } from './common.ts';
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
export const CertificateIssuedSchema = z.object({
  certificateId: z.uuid(),
  residentId: ResidentIdSchema,
  issuedOn: IsoDateSchema,
  /** The vaccines asked for; empty for every vaccine on the ledger. */
  vaccines: z.array(VaccineSchema).max(VACCINES.length),
  recordIds: z.array(z.uuid()),
  /** The kind of identity document checked (e.g. 個人番号カード, 運転免許証); never its number. */
  identityDocument: freeText(40, 1),
});
