import { z } from 'zod';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';
import { VaccineSchema } from './vaccination-events.ts';

/**
 * 健康被害救済 (予防接種法第15条–第16条): the benefits a person harmed by a vaccination under the Act may claim. Which
 * ones depend on the class of the disease the vaccination was against (A類 or B類, 第16条第1項・第2項).
 */
export const RELIEF_BENEFITS = [
  'medical-expenses', // 医療費
  'medical-allowance', // 医療手当
  'child-disability-pension', // 障害児養育年金 (A類)
  'disability-pension', // 障害年金
  'death-lump-sum', // 死亡一時金 (A類)
  'survivor-pension', // 遺族年金 (B類)
  'survivor-lump-sum', // 遺族一時金 (B類)
  'funeral-expenses', // 葬祭料
] as const;
export type ReliefBenefit = (typeof RELIEF_BENEFITS)[number];
export const ReliefBenefitSchema = z.enum(RELIEF_BENEFITS);

/** The class of the disease a vaccination is against, as relief sees it (定期 A類 / B類; 臨時接種 at A類's level). */
export type ReliefClass = 'A' | 'B';
export const ReliefClassSchema = z.enum(['A', 'B']);

/** The benefits of each class (予防接種法第16条第1項 A類, 第2項 B類). */
export const BENEFITS_BY_CLASS: Readonly<Record<ReliefClass, readonly ReliefBenefit[]>> = {
  A: ['medical-expenses', 'medical-allowance', 'child-disability-pension', 'disability-pension', 'death-lump-sum', 'funeral-expenses'],
  B: ['medical-expenses', 'medical-allowance', 'disability-pension', 'survivor-pension', 'survivor-lump-sum', 'funeral-expenses'],
};

/** Benefits paid once (a lump sum): a second payment of the same case is refused. The others are paid period by period. */
export const LUMP_SUM_BENEFITS: readonly ReliefBenefit[] = ['death-lump-sum', 'survivor-lump-sum', 'funeral-expenses'];

/**
 * The identity documents that prove both the number and the person (番号法第16条, 施行令第12条) when a 個人番号 is
 * taken for a relief claim: the kind is kept, never the document's number.
 */
export const RELIEF_IDENTITY_DOCUMENTS = [
  'my-number-card', // 個人番号カード
  'resident-record-and-photo-id', // 個人番号付き住民票の写し＋写真付き身分証明書
  'notification-card-and-photo-id', // 通知カード (記載事項に変更のないもの)＋写真付き身分証明書
] as const;
export type ReliefIdentityDocument = (typeof RELIEF_IDENTITY_DOCUMENTS)[number];
export const ReliefIdentityDocumentSchema = z.enum(RELIEF_IDENTITY_DOCUMENTS);

export const RELIEF_DECISIONS = ['certified', 'not-certified'] as const;
export type ReliefDecision = (typeof RELIEF_DECISIONS)[number];
export const ReliefDecisionSchema = z.enum(RELIEF_DECISIONS);

/**
 * A keyed blind index of a 個人番号: HMAC-SHA-256 under the tenant's own key (base64url, 43 characters). It lets the
 * engine recognize the same number again without keeping the number or anything that can be computed from it alone.
 */
export const MyNumberIndexSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a blind index (HMAC-SHA-256, base64url)');

/**
 * A relief claim lodged at the counter: for one vaccination of the person, one benefit. The 個人番号 was checked
 * against the 団体内統合宛名システム (it names this person) and is kept only as its blind index.
 */
export const ReliefLodgedSchema = z.object({
  caseId: z.uuid(),
  residentId: ResidentIdSchema,
  recordId: z.uuid(),
  vaccine: VaccineSchema,
  reliefClass: ReliefClassSchema,
  benefit: ReliefBenefitSchema,
  receivedOn: IsoDateSchema,
  identityDocument: ReliefIdentityDocumentSchema,
  myNumberIndex: MyNumberIndexSchema,
  /** Earlier cases lodged with the same 個人番号 (recognized by its blind index): the same person's claims. */
  earlierCaseIds: z.array(z.uuid()).max(100),
});

/** 進達: sent to the prefecture, which passes it on for the national review (疾病・障害認定審査会). */
export const ReliefForwardedSchema = z.object({
  caseId: z.uuid(),
  residentId: ResidentIdSchema,
  forwardedOn: IsoDateSchema,
});

/** The Minister's finding (認定 or 否認), as notified to the person. */
export const ReliefDecidedSchema = z.object({
  caseId: z.uuid(),
  residentId: ResidentIdSchema,
  decision: ReliefDecisionSchema,
  notifiedOn: IsoDateSchema,
});

/** A payment of a certified benefit (in yen). */
export const ReliefPaidSchema = z.object({
  caseId: z.uuid(),
  residentId: ResidentIdSchema,
  amount: z.number().int().positive().max(1_000_000_000),
  paidOn: IsoDateSchema,
});
