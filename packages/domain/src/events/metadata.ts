import { z } from 'zod';
import { noMyNumber } from './free-text.ts';
import { isValidLocalGovernmentCode } from '../tenant/local-government-code.ts';
import { OPERATOR_ID_PATTERN } from '../identifiers/ids.ts';

/** 事務: the affair an operation serves. It decides which items an operator may see. */
export const PURPOSES = [
  'registration',
  'inquiry',
  'notices',
  'linkage',
  'statistics',
  'disclosure',
  'relief',
  'audit',
  'administration',
] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PurposeSchema = z.enum(PURPOSES);

export const TenantCodeSchema = z
  .string()
  .refine(isValidLocalGovernmentCode, { message: 'not a 全国地方公共団体コード (6 digits with a valid check digit)' });

// An operator id has no numeric format of its own, so it is scanned: a 個人番号 is never an operator's name.
export const OperatorIdSchema = noMyNumber(z.string().regex(OPERATOR_ID_PATTERN, 'operator id: lower-case letters, digits, ".", "_" or "-", 2–64 long'));

/** Who did it, for which affair, and in answer to what. Every event carries it. */
export const EventMetadataSchema = z.object({
  operatorId: noMyNumber(z.string().min(1)),
  purpose: PurposeSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  source: z.string().min(1),
  /** The roles the operator held when acting (FHIR AuditEvent agent.role). */
  roles: z.array(z.string().max(30)).max(10).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;
