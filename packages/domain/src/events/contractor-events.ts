import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, PartSchema, ResidentIdSchema } from './common.ts';
import { VaccineSchema } from './vaccination-events.ts';

/**
 * 委託先: the printing contractor the city hands its notices to (印刷・封入封緘・発送), under a contract (委託契約) with a
 * period, and the OpenPGP public key its print files are encrypted for. One stream per contractor: registered, its
 * contract ended, and every print file handed to it (EntrustmentProvided). The assessment's III 委託 (特定個人情報の
 * 提供ルール, 委託先の監督): what went to whom, under which contract, is on the record.
 */

/** A contractor's id as the city names it (`toppan-forms`, `kds.2026`): short, lower-case, no personal data. */
export const CONTRACTOR_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;
export const ContractorIdSchema = z.string().regex(CONTRACTOR_ID_PATTERN, 'not a contractor id (lower-case letters, digits, ".", "_" or "-", at most 40)');

/** An OpenPGP v4 (40 hex) or v6 (64 hex) fingerprint, upper-case as gpg shows it. */
export const FingerprintSchema = z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, 'not an OpenPGP fingerprint (40 or 64 hex digits)');

/**
 * An OpenPGP public key as its binary packets in base64 (the armor's lines would be line breaks, which no stored text
 * holds). Bounded: a key with its signatures is a few KB.
 */
export const PublicKeySchema = z.string().max(64_000).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not an OpenPGP key in base64');

export const ContractorRegisteredSchema = z.object({
  contractorId: ContractorIdSchema,
  /** 委託先名 (a company, not a person). */
  name: freeText(100, 1),
  /** The contract's reference (契約番号, 起案番号). */
  contractRef: freeText(60, 1),
  /** The contract's last day (契約期間の終期, JST): no print file goes to the contractor after it. */
  until: IsoDateSchema,
  registeredOn: IsoDateSchema,
  publicKey: PublicKeySchema,
  fingerprint: FingerprintSchema,
  /** When the key itself expires (ISO 8601 UTC), if it does. */
  keyExpiresAt: z.iso.datetime().optional(),
});

/** The contract ended early (解約) or was closed: no print file goes to the contractor from `endedOn` on. */
export const ContractEndedSchema = z.object({
  contractorId: ContractorIdSchema,
  endedOn: IsoDateSchema,
});

/** What was left out of a print file, by why (counts only: the persons are not named). */
export const PrintExclusionsSchema = z.object({
  /** 送付除外 */
  mailingExcluded: z.number().int().nonnegative(),
  /** 住基閲覧注意 (DV support and the like): the address never leaves the city. */
  addressRestricted: z.number().int().nonnegative(),
  /** The person's form was reissued or voided since the run (its successor is printed at the office). */
  formInvalidated: z.number().int().nonnegative(),
  /** No longer this city's target for the vaccine (moved out, died, cancelled, erased, use suspended, no window left). */
  notTarget: z.number().int().nonnegative(),
});
export type PrintExclusions = z.infer<typeof PrintExclusionsSchema>;

/**
 * 委託 (特定個人情報の提供): a notice run's print file handed to the contractor, encrypted for its key. The persons in
 * the file (their ids, as the run keeps them), the items, the purpose, how many were left out and why, and the SHA-256
 * of exactly the encrypted file handed over. A large file is split across events like a notice run.
 */
export const EntrustmentProvidedSchema = z.object({
  entrustmentId: z.uuid(),
  contractorId: ContractorIdSchema,
  runId: z.uuid(),
  vaccine: VaccineSchema,
  dose: z.number().int().min(1).max(30),
  /** The print file's columns, as written: nothing else left the city. */
  items: z.array(freeText(20, 1)).min(1).max(20),
  /** The affair the file serves (通知: 予防接種法施行令第6条の周知). */
  purpose: z.literal('notices'),
  rows: z.number().int().nonnegative(),
  excluded: PrintExclusionsSchema,
  /** The key it was encrypted for. */
  fingerprint: FingerprintSchema,
  /** SHA-256 of the encrypted file's bytes. */
  fileHash: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest'),
  residentIds: z.array(ResidentIdSchema),
  /** Why the file went out although the contract had ended or the run had gone to this contractor before (`--again`). */
  again: freeText(200, 1).optional(),
  part: PartSchema.optional(),
});
