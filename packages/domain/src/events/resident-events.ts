import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, MunicipalityCodeSchema, ResidentIdSchema, SexSchema } from './common.ts';
import { INTEGRATED_ADDRESSEE_NO_PATTERN } from '../identifiers/ids.ts';

/**
 * The items of 別添2 (住民基本台帳関連情報) that vaccination affairs need. Tax, insurance, pension, welfare and
 * care items (課税区分, 国保区分, 年金区分, 生保区分, 介護区分, …) are deliberately absent: they never reach an event.
 */
export const ResidentDetailsSchema = z.object({
  kanaName: freeText(100, 1), // カナ氏名
  kanjiName: freeText(100, 1), // 漢字氏名
  sex: SexSchema, // 性別
  birthDate: IsoDateSchema, // 生年月日
  address: freeText(300, 1), // 住所
  addressSupplement: freeText(200).optional(), // 方書
  postalCode: z.string().regex(/^\d{3}-?\d{4}$/).optional(), // 郵便番号
  wardCode: z.string().max(10).optional(), // 行政区番号
  elementarySchoolDistrict: freeText(20).optional(), // 小学校区
  juniorHighSchoolDistrict: freeText(20).optional(), // 中学校区
  householdNo: freeText(20).optional(), // 世帯番号
  relationship: freeText(20).optional(), // 続柄1
  householdHeadName: freeText(100).optional(), // 世帯主漢字氏名
  foreigner: z.boolean().optional(), // 外国人フラグ
  nonRegisteredCategory: z.string().max(10).optional(), // 住登外区分
  becameResidentOn: IsoDateSchema.optional(), // 住民となった日
  phone: freeText(30).optional(), // 電話番号
  addressDisclosureRestricted: z.boolean().optional(), // 住基閲覧注意 (e.g. DV support)
  mailingExcluded: z.boolean().optional(), // 送付除外論理和
  // 統合宛名番号: its own format (like 整理番号), not scanned: a 12-digit number passes the check digit one time in eleven.
  integratedAddresseeNo: z.string().regex(INTEGRATED_ADDRESSEE_NO_PATTERN, 'not a valid 統合宛名番号 (letters, digits, "-" or "_", at most 20)').optional(),
});
export type ResidentDetails = z.infer<typeof ResidentDetailsSchema>;

/**
 * 転入: how a person registered by a move from another municipality arrived, kept so that the municipality they came
 * from can be asked for their vaccination history (the transfer work queue). Absent for births and other
 * registrations, and in events written before it existed (those registrations are not in the queue).
 */
export const MovedInSchema = z.object({
  on: IsoDateSchema.optional(), // 最新異動日, else 住民となった日
  /** 前住所地の全国地方公共団体コード, when the registry file carried it. */
  fromMunicipality: MunicipalityCodeSchema.optional(),
  /** 国外転入: there is no municipality to ask. */
  fromAbroad: z.literal(true).optional(),
});
export type MovedIn = z.infer<typeof MovedInSchema>;

export const ResidentRegisteredSchema = z.object({ residentId: ResidentIdSchema }).extend(ResidentDetailsSchema.shape).extend({
  movedIn: MovedInSchema.optional(),
});

export const ResidentDetailsChangedSchema = z.object({
  residentId: ResidentIdSchema,
  changes: ResidentDetailsSchema.partial().refine((c) => Object.keys(c).length > 0, { message: 'no item changed' }),
  /** 最新異動区分 as words (転居, 職権修正, …), when the registry said why. */
  movement: freeText(20).optional(),
  effectiveOn: IsoDateSchema.optional(),
});

export const ResidentMovedOutSchema = z.object({
  residentId: ResidentIdSchema,
  movedOutOn: IsoDateSchema, // 住民でなくなった日
  destinationAddress: freeText(300).optional(), // 転出後住所
});

export const ResidentMovedInSchema = z.object({
  residentId: ResidentIdSchema,
  movedInOn: IsoDateSchema, // 住民となった日
  previousAddress: freeText(300).optional(), // 転入前住所
  address: freeText(300, 1).optional(),
  /** 前住所地の全国地方公共団体コード, when the registry file carried it (absent in events written before it existed). */
  fromMunicipality: MunicipalityCodeSchema.optional(),
  fromAbroad: z.literal(true).optional(),
});

export const ResidentDiedSchema = z.object({
  residentId: ResidentIdSchema,
  diedOn: IsoDateSchema,
});

export const ResidentRecordCancelledSchema = z.object({
  residentId: ResidentIdSchema,
  reason: freeText(100).optional(), // 取消区分
});
