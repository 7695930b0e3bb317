import { z } from 'zod';
import { freeText } from './free-text.ts';
import { ResidentIdSchema } from './common.ts';
import { OperatorIdSchema, PurposeSchema } from './metadata.ts';

export const ROLES = ['administrator', 'registration', 'inquiry', 'notices', 'statistics', 'audit', 'linkage', 'disclosure', 'relief'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const OperatorRegisteredSchema = z.object({
  operatorId: OperatorIdSchema,
  roles: z.array(RoleSchema).min(1),
  purposes: z.array(PurposeSchema).min(1),
});

/** Roles and affairs (事務) added to an operator. */
export const RoleGrantedSchema = z.object({
  operatorId: OperatorIdSchema,
  roles: z.array(RoleSchema),
  purposes: z.array(PurposeSchema),
}).refine((g) => g.roles.length + g.purposes.length > 0, { message: 'nothing granted' });

/** Roles and affairs taken away (a change of duties). */
export const RoleRevokedSchema = z.object({
  operatorId: OperatorIdSchema,
  roles: z.array(RoleSchema),
  purposes: z.array(PurposeSchema),
}).refine((g) => g.roles.length + g.purposes.length > 0, { message: 'nothing revoked' });

/** An operator's secret was set or changed. The secret itself (and its hash) never enters an event. */
export const OperatorSecretChangedSchema = z.object({
  operatorId: OperatorIdSchema,
});

/** An administrator lifted an operator's lockout (too many failed authentications) before it expired. */
export const OperatorUnlockedSchema = z.object({
  operatorId: OperatorIdSchema,
});

export const OperatorDeactivatedSchema = z.object({
  operatorId: OperatorIdSchema,
  reason: freeText(200, 1),
});

/** A read that showed or exported personal data: the operation log records it like a write. */
export const RecordViewedSchema = z.object({
  action: z.string().min(1).max(60),
  residentId: ResidentIdSchema.optional(),
  items: z.array(z.string().max(60)).max(100),
  /** The recorded-time instant the view was as of, when not "now". */
  asOf: freeText(40).optional(),
  /** How many records the view covered (list views). */
  count: z.number().int().nonnegative().optional(),
  /**
   * The filters a listing was asked for, as `name=value` (`purpose=audit`, `action=ledger.view`, `from=…`): ids of
   * operators, purposes, actions and instants, never a person's data (a resident asked for is `residentId`, above).
   */
  criteria: z.array(z.string().max(80)).max(12).optional(),
});

/**
 * A call refused for bad input after it was authorized (a file that does not validate, an unregistered resident): on
 * the record like a denial, so probing and bad feeds are visible to the auditor. The reason is the error's code (a
 * fixed word, never a value); no resident id, no file name, nothing the caller typed.
 */
export const OperationRejectedSchema = z.object({
  action: z.string().min(1).max(60),
  reason: z.string().regex(/^[a-z0-9-]{1,60}$/),
  /** How many problems the input had, when it is a file. */
  count: z.number().int().nonnegative().optional(),
});

/** What a denial records in place of a resident id that is not one (the call is refused all the same, and logged). */
export const INVALID_ID_PLACEHOLDER = '(invalid)';

/** A refused operation: who tried what, why it was refused. No personal data. */
export const AccessDeniedSchema = z.object({
  action: z.string().min(1).max(60),
  residentId: z.union([ResidentIdSchema, z.literal(INVALID_ID_PLACEHOLDER)]).optional(),
  reason: z.enum([
    'unknown-operator', 'deactivated', 'purpose-not-allowed', 'role-not-allowed', 'authentication-failed', 'locked', 'use-suspended', 'no-request',
    // Nothing presented (not a failed attempt), or a secret presented to an authenticator that takes none.
    'no-credentials', 'unexpected-credentials',
  ]),
});
