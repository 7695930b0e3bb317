/**
 * The Japanese names clerks read, in one place: vaccines and doses (from the schedule's own data), 接種区分, statuses
 * and reasons. Text output uses these; `--json` and every stored value keep the stable ids. An id without a name here
 * (a host's own rule set, say) is shown as the id.
 */
import { defaultRuleSet } from '../schedule/rules.ts';
import type { RuleSet } from '../schedule/rule-schema.ts';
import type { ReasonCode } from '../schedule/reasons.ts';
import type { ReliefBenefit, ReliefIdentityDocument } from '../events/relief-events.ts';
import type { HoldReason, MismatchedItem } from '../events/import-events.ts';
import type { PrintKind, ReissueReason } from '../events/form-events.ts';
import type { ExclusionReason } from '../claims/claim-lines.ts';

type Names<K extends string> = Readonly<Record<K, string>>;

const of = <K extends string>(table: Names<K>, id: string): string => (Object.hasOwn(table, id) ? table[id as K] : id);

/** 接種区分. */
export const CATEGORY_NAMES: Names<'routine' | 'voluntary' | 'temporary' | 'special-measures'> = {
  routine: '定期', voluntary: '任意', temporary: '臨時', 'special-measures': '特措法',
};

/** Where a record came from. */
export const SOURCE_NAMES: Names<'clinic-slip' | 'counter' | 'other-municipality' | 'vrs' | 'manual' | 'outside'> = {
  'clinic-slip': '予診票', counter: '窓口', 'other-municipality': '他市区町村', vrs: 'VRS', manual: '手入力', outside: '市外接種 (依頼書)',
};

/** A record on the ledger, and the steps of its history. */
export const RECORD_STATUS_NAMES: Names<'active' | 'voided'> = { active: '有効', voided: '取消' };
export const HISTORY_KIND_NAMES: Names<'recorded' | 'corrected' | 'voided'> = { recorded: '登録', corrected: '訂正', voided: '取消' };

/** A resident's registration status. */
export const RESIDENT_STATUS_NAMES: Names<'resident' | 'moved-out' | 'died' | 'cancelled' | 'not-registered'> = {
  resident: '住民', 'moved-out': '転出', died: '死亡', cancelled: '消除', 'not-registered': '未登録',
};

export const SEX_NAMES: Names<'female' | 'male'> = { female: '女', male: '男' };

/** 対象者抽出: a resident's status for a vaccine and dose on a date. */
export const ELIGIBILITY_STATUS_NAMES: Names<'due' | 'closing' | 'upcoming' | 'missed' | 'complete'> = {
  due: '接種対象', closing: '期限間近', upcoming: '対象予定', missed: '期限切れ', complete: '接種済',
};

/** 警告内容: why a dose is not a routine vaccination (REASON_CODES). */
export const REASON_NAMES: Names<ReasonCode> = {
  'invalid-input': '入力誤り',
  'unknown-vaccine': '不明なワクチン',
  'not-in-schedule-at-date': '接種日に定期接種の定めなし',
  'wrong-sex': '性別が対象外',
  'sex-unknown': '性別不明',
  'excluded-by-prior-vaccination': '過去の接種により対象外',
  'excluded-by-prior-disease': '既往歴により対象外',
  'series-complete': '接種完了済',
  'dose-already-given': 'この回は接種済',
  'previous-dose-missing': '前回の接種記録なし',
  'not-in-target-group': '対象者でない',
  'condition-not-met': '要件を満たさない',
  'product-unknown': 'ワクチン製品不明',
  'product-not-allowed': '定期接種で使えない製品',
  'product-mismatch': '初回と異なる製品',
  'too-early': '接種時期前',
  'too-late': '接種期間経過',
  'interval-too-short': '接種間隔不足',
  'live-vaccine-interval': '生ワクチンの接種間隔不足',
};

/** 疑義: why a slip was held, which of the 4 information did not match, and where the slip stands. */
export const HOLD_REASON_NAMES: Names<HoldReason> = {
  'no-such-resident': '該当者なし',
  'basic-four-mismatch': '基本4情報不一致',
  'not-resident-on-date': '接種日に住民でない',
  duplicate: '重複',
  'future-date': '接種日が未来',
  'no-inquiry': '該当する照会なし',
  'form-unknown': '予診票番号該当なし',
  'form-invalidated': '無効な予診票番号 (再発行済・取消)',
  'form-mismatch': '予診票番号の発行先と不一致',
};
export const MISMATCHED_ITEM_NAMES: Names<MismatchedItem> = {
  kanaName: '氏名カナ', birthDate: '生年月日', sex: '性別', residentId: '整理番号', vaccine: '接種名称', dose: '期回数',
};

/** 予診票: a form's status, why it was reissued, and its 印刷区分. */
export const FORM_STATUS_NAMES: Names<'valid' | 'invalidated' | 'voided'> = { valid: '有効', invalidated: '無効 (再発行済)', voided: '取消' };
export const REISSUE_REASON_NAMES: Names<ReissueReason> = { lost: '紛失', moved: '転居', damaged: '破損・汚損', other: 'その他' };
export const PRINT_KIND_NAMES: Names<PrintKind> = { batch: '一括印刷', individual: '個別印刷' };
export const SLIP_STATUS_NAMES: Names<'held' | 'matched' | 'rejected'> = { held: '保留', matched: '照合済', rejected: '却下' };

/** Why an operator was refused (AccessDenied reasons). */
export const DENIAL_REASON_NAMES: Names<
  'unknown-operator' | 'deactivated' | 'purpose-not-allowed' | 'role-not-allowed' | 'authentication-failed' | 'locked' | 'use-suspended'
  | 'no-request' | 'no-credentials' | 'unexpected-credentials'
> = {
  'unknown-operator': '未登録の操作者',
  deactivated: '無効化された操作者',
  'purpose-not-allowed': '許可されていない事務',
  'role-not-allowed': '権限のない操作',
  'authentication-failed': '認証失敗',
  locked: 'ロック中',
  'use-suspended': '利用停止中',
  'no-request': '請求なし (開示・訂正請求に紐付かない操作)',
  'no-credentials': '認証情報なし',
  'unexpected-credentials': '不要な認証情報 (ホスト認証)',
};

/** Notice runs (eligible --issue). */
export const NOTICE_KIND_NAMES: Names<'ticket' | 'guidance' | 'reminder'> = { ticket: '接種券', guidance: '案内通知', reminder: '勧奨通知' };

/** 依頼書: where a request letter stands, and how the copy of its pre-examination form comes back (返送区分). */
export const LETTER_STATUS_NAMES: Names<'lodged' | 'issued' | 'recorded' | 'reimbursed'> = {
  lodged: '受付', issued: '発行済', recorded: '接種記録済', reimbursed: '償還済',
};
export const RETURN_BY_NAMES: Names<'clinic' | 'resident'> = { clinic: '医療機関から返送', resident: '本人持参' };

/** Outcomes in the operation log. */
export const OUTCOME_NAMES: Names<'allowed' | 'denied' | 'rejected'> = { allowed: '許可', denied: '拒否', rejected: '却下' };

/** The items of a vaccination (別添2, 予防接種結果), as a correction names them. */
export const FIELD_NAMES: Names<'vaccine' | 'dose' | 'date' | 'product' | 'clinicNo' | 'lot' | 'amount' | 'maker' | 'category' | 'examiningDoctor' | 'vaccinatingDoctor' | 'remarks' | 'coPaymentClass' | 'exemptionClass'> = {
  vaccine: '接種名称', dose: '期回数', date: '接種日', product: 'ワクチン', clinicNo: '接種医療機関番号', lot: 'Lot番号', amount: '接種量',
  maker: 'ワクチンメーカー', category: '接種区分', examiningDoctor: '予診医番号', vaccinatingDoctor: '接種医番号', remarks: '備考', coPaymentClass: '負担金区分', exemptionClass: '免除区分',
};

/** 事務: the affair an operator acts for (PURPOSES). */
export const PURPOSE_NAMES: Names<'registration' | 'inquiry' | 'notices' | 'linkage' | 'statistics' | 'disclosure' | 'relief' | 'audit' | 'administration'> = {
  registration: '記録の作成・保存', inquiry: '照会・証明', notices: '通知', linkage: '情報連携', statistics: '統計',
  disclosure: '開示', relief: '健康被害救済', audit: '監査', administration: '運用管理',
};

/** 提供の記録 (provision-catalogue.ts): the kind of provision, to whom, the items and the legal basis. */
export const PROVISION_KIND_NAMES: Names<'copies' | 'certificate' | 'notices' | 'disclosure' | 'inquiry' | 'relief-forward' | 'request-letter' | 'entrustment'> = {
  copies: '副本登録', certificate: '予防接種済証の交付', notices: '通知の送付', disclosure: '開示', inquiry: '情報照会', 'relief-forward': '健康被害救済の進達',
  'request-letter': '予防接種依頼書の発行',
  entrustment: '委託 (接種券・予診票の印刷・発送)',
};
export const RECIPIENT_NAMES: Names<'intermediate-server' | 'person-or-representative' | 'person-by-mail' | 'requester' | 'prefecture' | 'outside-clinic' | 'contractor'> = {
  'intermediate-server': '中間サーバ (情報提供ネットワークシステム)',
  'person-or-representative': '本人又は代理人 (窓口)',
  'person-by-mail': '本人 (郵送)',
  requester: '開示請求者 (本人又は代理人)',
  prefecture: '都道府県 (国の審査へ進達)',
  'outside-clinic': '市外の医療機関 (依頼先)',
  contractor: '委託先 (印刷・発送)',
};
export const PROVISION_BASIS_NAMES: Names<'my-number-act-19-8' | 'immunization-rules-4' | 'immunization-order-6' | 'personal-information-act-76' | 'immunization-act-15' | 'immunization-act-5' | 'entrustment-66'> = {
  'my-number-act-19-8': '番号法第19条第8号 (別表第2の16の2の項・115の2の項)',
  'immunization-rules-4': '予防接種法施行規則第4条 (予防接種済証)',
  'immunization-order-6': '予防接種法施行令第6条 (対象者への周知)',
  'personal-information-act-76': '個人情報の保護に関する法律第76条 (開示請求)',
  'immunization-act-15': '予防接種法第15条 (健康被害救済)',
  'immunization-act-5': '予防接種法第5条第1項 (定期の予防接種の実施)',
  'entrustment-66': '予防接種法施行令第6条の周知の委託 (個人情報の保護に関する法律第66条第2項第1号 委託先の安全管理措置)',
};
/** Items handed out: the 別添2 names of a record's items (FIELD_NAMES), the registry's names of a person's. */
export const PROVISION_ITEM_NAMES: Names<
  'residentId' | 'integratedAddresseeNo' | 'kanjiName' | 'kanaName' | 'birthDate' | 'sex' | 'postalCode' | 'address' | 'vaccinations' | 'provisions' | 'operationLog' | 'reliefClaim' | 'stay' | 'formNumber' | 'window'
> = {
  residentId: '整理番号', integratedAddresseeNo: '統合宛名番号', kanjiName: '氏名', kanaName: 'カナ氏名', birthDate: '生年月日', sex: '性別',
  postalCode: '郵便番号', address: '住所', vaccinations: '予防接種記録', provisions: '提供の記録', operationLog: '操作記録',
  reliefClaim: '給付の請求内容',
  stay: '滞在先',
  formNumber: '予診票番号', window: '接種期間',
};
/** 健康被害救済: the benefits (予防接種法第16条), the identity documents of 番号法第16条, and where a case stands. */
export const BENEFIT_NAMES: Names<ReliefBenefit> = {
  'medical-expenses': '医療費',
  'medical-allowance': '医療手当',
  'child-disability-pension': '障害児養育年金',
  'disability-pension': '障害年金',
  'death-lump-sum': '死亡一時金',
  'survivor-pension': '遺族年金',
  'survivor-lump-sum': '遺族一時金',
  'funeral-expenses': '葬祭料',
};
export const RELIEF_IDENTITY_DOCUMENT_NAMES: Names<ReliefIdentityDocument> = {
  'my-number-card': '個人番号カード',
  'resident-record-and-photo-id': '個人番号付き住民票の写し＋写真付き身分証明書',
  'notification-card-and-photo-id': '通知カード＋写真付き身分証明書',
};
export const RELIEF_STATUS_NAMES: Names<'lodged' | 'forwarded' | 'certified' | 'not-certified'> = {
  lodged: '受付', forwarded: '進達済', certified: '認定', 'not-certified': '否認',
};

/** An id of a table, given as the id itself or as its Japanese name (what a clerk types); null when it is neither. */
export function idOfName<K extends string>(table: Names<K>, text: string): K | null {
  const given = text.normalize('NFKC').trim();
  if (Object.hasOwn(table, given)) return given as K;
  const found = (Object.entries(table) as Array<[K, string]>).find(([, name]) => name.normalize('NFKC') === given);
  return found ? found[0] : null;
}

/**
 * A dose's name in the words of the schedule, from the labels of the rule set's series: a phase where the series has
 * phases (MR 第1期, 日本脳炎 第1期初回第2回, 第2期), else the ordinal with its part of the series where every variant
 * agrees (四種混合 第1回 (初回), 第4回 (追加)), else the ordinal alone (Hib's third dose is 初回 or 追加 by the age at
 * the first: 第3回).
 */
export function doseName(vaccine: string, dose: number, ruleSet: RuleSet = defaultRuleSet): string {
  const rule = ruleSet.vaccines.find((v) => v.id === vaccine);
  const labels = [...new Set(rule?.series.flatMap((s) => s.doses.filter((d) => d.dose === dose).map((d) => d.label)) ?? [])];
  const ordinal = `第${dose}回`;
  const phase = labels.length === 1 ? /^(\d+)期(初回|追加)?(\d+)?$/.exec(labels[0]!) : null;
  if (phase) return `第${phase[1]}期${phase[2] ?? ''}${phase[3] ? `第${phase[3]}回` : ''}`;
  const parts = new Set(labels.map((l) => /^(初回|追加)/.exec(l)?.[1] ?? ''));
  const part = parts.size === 1 ? [...parts][0] : '';
  return part ? `${ordinal} (${part})` : ordinal;
}

/** A vaccine's name as the schedule names it (四種混合 (DPT-IPV), 日本脳炎 …). */
export function vaccineName(vaccine: string, ruleSet: RuleSet = defaultRuleSet): string {
  return ruleSet.vaccines.find((v) => v.id === vaccine)?.name ?? vaccine;
}

/** 支払対象外の理由 of a claim line (docs/claims.md). */
export const CLAIM_EXCLUSION_NAMES: Names<ExclusionReason> = {
  voided: '取消済の記録', 'unknown-clinic': '未登録の医療機関', 'not-routine': '定期接種でない', 'outside-window': '定期接種の対象期間外',
  'late-beyond-limit': '請求期限超過', duplicate: '重複', 'claimed-in-month': '他の月に請求済', 'no-fee': '単価の定めなし',
  held: '疑義保留中', rejected: '疑義により却下',
};
export const CLINIC_LOCATION_NAMES: Names<'inside-city' | 'outside-city'> = { 'inside-city': '市内', 'outside-city': '市外' };
export const CLAIM_STATUS_NAMES: Names<'open' | 'approved' | 'paid'> = { open: '未承認', approved: '承認済', paid: '支払済' };

/** The names by kind, for text output: `japaneseNames.category('routine')` is 定期. Unknown ids come back as given. */
export const japaneseNames = {
  vaccine: (id: string) => vaccineName(id),
  dose: (vaccine: string, dose: number) => doseName(vaccine, dose),
  category: (id: string) => of(CATEGORY_NAMES, id),
  source: (id: string) => of(SOURCE_NAMES, id),
  recordStatus: (id: string) => of(RECORD_STATUS_NAMES, id),
  historyKind: (id: string) => of(HISTORY_KIND_NAMES, id),
  residentStatus: (id: string) => of(RESIDENT_STATUS_NAMES, id),
  sex: (id: string) => of(SEX_NAMES, id),
  eligibilityStatus: (id: string) => of(ELIGIBILITY_STATUS_NAMES, id),
  reason: (id: string) => of(REASON_NAMES, id),
  holdReason: (id: string) => of(HOLD_REASON_NAMES, id),
  mismatchedItem: (id: string) => of(MISMATCHED_ITEM_NAMES, id),
  slipStatus: (id: string) => of(SLIP_STATUS_NAMES, id),
  denialReason: (id: string) => of(DENIAL_REASON_NAMES, id),
  noticeKind: (id: string) => of(NOTICE_KIND_NAMES, id),
  letterStatus: (id: string) => of(LETTER_STATUS_NAMES, id),
  returnBy: (id: string) => of(RETURN_BY_NAMES, id),
  outcome: (id: string) => of(OUTCOME_NAMES, id),
  field: (id: string) => of(FIELD_NAMES, id),
  purpose: (id: string) => of(PURPOSE_NAMES, id),
  provisionKind: (id: string) => of(PROVISION_KIND_NAMES, id),
  recipient: (id: string) => of(RECIPIENT_NAMES, id),
  provisionBasis: (id: string) => of(PROVISION_BASIS_NAMES, id),
  provisionItem: (id: string) => (Object.hasOwn(PROVISION_ITEM_NAMES, id) ? of(PROVISION_ITEM_NAMES, id) : of(FIELD_NAMES, id)),
  benefit: (id: string) => of(BENEFIT_NAMES, id),
  reliefIdentityDocument: (id: string) => of(RELIEF_IDENTITY_DOCUMENT_NAMES, id),
  reliefStatus: (id: string) => of(RELIEF_STATUS_NAMES, id),
  formStatus: (id: string) => of(FORM_STATUS_NAMES, id),
  reissueReason: (id: string) => of(REISSUE_REASON_NAMES, id),
  printKind: (id: string) => of(PRINT_KIND_NAMES, id),
  claimExclusion: (id: string) => of(CLAIM_EXCLUSION_NAMES, id),
  clinicLocation: (id: string) => of(CLINIC_LOCATION_NAMES, id),
  claimStatus: (id: string) => of(CLAIM_STATUS_NAMES, id),
} as const;
