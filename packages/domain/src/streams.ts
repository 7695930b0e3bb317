import { OPERATOR_ID_PATTERN } from './identifiers/ids.ts';
import { containsMyNumber } from './registry/my-number-detector.ts';

/** Stream names carry the tenant, so that every read can be scoped to one municipality. */
export const streams = {
  resident: (tenant: string, residentId: string) => `${tenant}/resident/${residentId}`,
  vaccination: (tenant: string, residentId: string) => `${tenant}/vaccination/${residentId}`,
  operator: (tenant: string, operatorId: string) => `${tenant}/operator/${operatorId}`,
  /** Reads and denials of one operator: kept apart from the operator's own facts so those stay short. */
  access: (tenant: string, operatorId: string) => `${tenant}/access/${OPERATOR_ID_PATTERN.test(operatorId) && !containsMyNumber(operatorId) ? operatorId : '_invalid'}`,
  importBatch: (tenant: string, batchId: string) => `${tenant}/import/${batchId}`,
  notices: (tenant: string, runId: string) => `${tenant}/notices/${runId}`,
  /** One per request of a person (開示・訂正・利用停止). */
  request: (tenant: string, requestId: string) => `${tenant}/request/${requestId}`,
  /** Anonymous statistics kept when people are erased. */
  statistics: (tenant: string) => `${tenant}/statistics/retained`,
  /** One per held clinic slip: its hold and its resolution. */
  slip: (tenant: string, slipId: string) => `${tenant}/slip/${slipId}`,
  /** Every 副本 export, in order: one stream, so two exports at once cannot both start from the same position. */
  copyExports: (tenant: string) => `${tenant}/copies/exports`,
  certificate: (tenant: string, certificateId: string) => `${tenant}/certificate/${certificateId}`,
  /** One per inquiry of another municipality (情報照会): its sending and the answers imported for it. */
  inquiry: (tenant: string, inquiryId: string) => `${tenant}/inquiry/${inquiryId}`,
  /** One per health-damage relief claim (健康被害救済): lodged, forwarded, decided, paid. */
  relief: (tenant: string, caseId: string) => `${tenant}/relief/${caseId}`,
  /** One per request letter (依頼書): lodged, issued, the outside dose, the reimbursement. */
  letter: (tenant: string, letterId: string) => `${tenant}/letter/${letterId}`,
  /** 印刷連番: every serial handed out, in order (a notice run's forms, a reissued form). */
  formSerials: (tenant: string) => `${tenant}/forms/serials`,
  /** One per form (予診票番号): what happened to it after it was issued (reissued, voided, printed, mailed, returned). */
  form: (tenant: string, formNumber: string) => `${tenant}/form/${formNumber}`,
  /** The issuer URL of the tenant's SMART Health Cards (HealthCardIssuerSet): one stream, the last one set holds. */
  healthCardIssuer: (tenant: string) => `${tenant}/settings/health-card-issuer`,
  /** One per printing contractor (委託先): registered, its contract ended, every print file handed to it. */
  contractor: (tenant: string, contractorId: string) => `${tenant}/contractor/${contractorId}`,
  /** One per resident: examinations that ended without a vaccination (予診のみ), kept apart from their doses. */
  examination: (tenant: string, residentId: string) => `${tenant}/examination/${residentId}`,
  /** One per clinic (委託医療機関): its registration. */
  clinic: (tenant: string, clinicNo: string) => `${tenant}/clinic/${clinicNo}`,
  /** The fee table (委託料単価表): every table loaded, the last one holds. */
  feeTable: (tenant: string) => `${tenant}/settings/fee-table`,
  /** One per clinic and 請求年月: the claim approved, then paid. */
  claim: (tenant: string, clinicNo: string, month: string) => `${tenant}/claim/${clinicNo}.${month}`,
  /** One per 請求年月: each printing of its 実施報告書. */
  claimReport: (tenant: string, month: string) => `${tenant}/claim-report/${month}`,
};

/** `<tenant>/<kind>/<id>` → its parts, or null for a name of another shape. */
export function parseStreamName(stream: string): { tenant: string; kind: string; id: string } | null {
  const parts = stream.split('/');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return null;
  return { tenant: parts[0]!, kind: parts[1]!, id: parts[2]! };
}
