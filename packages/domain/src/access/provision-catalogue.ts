import { PRINT_FILE_ITEMS } from '../forms/print-files.ts';

/**
 * 提供の記録: what each kind of provision hands out about a person, to whom, and on which legal basis. The provisions
 * projection records every provision with these ids; text output names them in Japanese (japanese/names.ts). A new
 * kind of provision (an inquiry to the intermediate server, a signed certificate, the printing contractor's file) is
 * one entry here and one case in the projection.
 */

/** Who received the items. */
export const PROVISION_RECIPIENTS = [
  /** 中間サーバ: the 副本 other municipalities' inquiries are answered from (情報提供ネットワークシステム). */
  'intermediate-server',
  /** The person or their representative, at the counter, after the identity document was checked (番号法第16条). */
  'person-or-representative',
  /** The person, by mail (接種券, 案内, 勧奨). */
  'person-by-mail',
  /** The person who asked for disclosure of their own records (or their representative). */
  'requester',
  /** 都道府県: a relief claim goes through the prefecture to the Minister's review (予防接種法第15条). */
  'prefecture',
  /** The clinic outside the city a request letter (依頼書) asks to vaccinate the person. */
  'outside-clinic',
  /** 委託先: the printing contractor (印刷・封入封緘・発送), under contract; its id is in the provision's detail. */
  'contractor',
] as const;
export type ProvisionRecipient = (typeof PROVISION_RECIPIENTS)[number];

/** Why: the law that lets (or makes) the municipality hand the items over. */
export const PROVISION_BASES = [
  /** 番号法第19条第8号 別表第2の16の2の項及び115の2の項 (the assessment's I-2 法令上の根拠). */
  'my-number-act-19-8',
  /** 予防接種法施行規則第4条: 予防接種済証の交付. */
  'immunization-rules-4',
  /** 予防接種法施行令第6条: 対象者への周知 (接種券, 案内, 勧奨). */
  'immunization-order-6',
  /** 個人情報の保護に関する法律第76条: the person's own request for disclosure. */
  'personal-information-act-76',
  /** 予防接種法第15条: 健康被害救済 (the claim sent on for the national review). */
  'immunization-act-15',
  /** 予防接種法第5条第1項: the city's routine vaccination, asked of a clinic outside it (依頼書). */
  'immunization-act-5',
  /**
   * 委託: the 周知 of 予防接種法施行令第6条 handed to a contractor under contract, who must keep the items as safely as
   * the city (個人情報の保護に関する法律第66条第2項第1号: 委託を受けた者の安全管理措置).
   */
  'entrustment-66',
] as const;
export type ProvisionBasis = (typeof PROVISION_BASES)[number];

/** Items a provision can carry: the names of the 別添2 items and of the registry, as the engine's ids. */
export const PROVISION_ITEMS = [
  'residentId', 'integratedAddresseeNo', 'kanjiName', 'kanaName', 'birthDate', 'sex', 'postalCode', 'address',
  'vaccine', 'dose', 'date', 'category', 'product', 'maker', 'lot', 'clinicNo',
  'vaccinations', 'provisions', 'operationLog', 'reliefClaim', 'stay',
  // A print file's: the form's number (with its check character) and the vaccination window printed on it.
  'formNumber', 'window',
] as const;
export type ProvisionItem = (typeof PROVISION_ITEMS)[number];

export const PROVISION_KINDS = ['copies', 'certificate', 'notices', 'disclosure', 'inquiry', 'relief-forward', 'request-letter', 'entrustment'] as const;
export type ProvisionKind = (typeof PROVISION_KINDS)[number];

export interface ProvisionRule {
  readonly recipient: ProvisionRecipient;
  readonly items: readonly ProvisionItem[];
  readonly basis: ProvisionBasis;
}

export const PROVISION_RULES: Readonly<Record<ProvisionKind, ProvisionRule>> = {
  // The 副本's columns (COPY_COLUMNS): 統合宛名番号 and the record, nothing that names or locates the person.
  copies: { recipient: 'intermediate-server', items: ['integratedAddresseeNo', 'vaccine', 'dose', 'date', 'category'], basis: 'my-number-act-19-8' },
  // What the 予防接種済証 prints (Certificate in the application).
  certificate: {
    recipient: 'person-or-representative',
    items: ['kanjiName', 'kanaName', 'birthDate', 'vaccine', 'dose', 'date', 'category', 'product', 'maker', 'lot', 'clinicNo'],
    basis: 'immunization-rules-4',
  },
  // What a notice needs (NoticeRun in the application): name, postal code, address, and the vaccine and dose it is for.
  notices: { recipient: 'person-by-mail', items: ['kanjiName', 'kanaName', 'postalCode', 'address', 'vaccine', 'dose'], basis: 'immunization-order-6' },
  // What `request disclose` exports (Disclosure in the application).
  disclosure: {
    recipient: 'requester',
    items: ['residentId', 'kanjiName', 'kanaName', 'birthDate', 'sex', 'postalCode', 'address', 'vaccinations', 'provisions', 'operationLog'],
    basis: 'personal-information-act-76',
  },
  // 情報照会 (transfer inquire): the inquiry file names the person by 統合宛名番号 only (docs/linkage-formats.md); it goes
  // through the 中間サーバ to the municipality the person came from.
  inquiry: { recipient: 'intermediate-server', items: ['integratedAddresseeNo'], basis: 'my-number-act-19-8' },
  // A relief claim sent on (relief forward): the person, the vaccination it concerns and the claim itself.
  'relief-forward': {
    recipient: 'prefecture',
    items: ['residentId', 'kanjiName', 'kanaName', 'birthDate', 'address', 'vaccinations', 'reliefClaim'],
    basis: 'immunization-act-15',
  },
  // A request letter (letters issue), each issue and reissue: what the letter names (its CSV for the word processor).
  'request-letter': {
    recipient: 'outside-clinic',
    items: ['kanjiName', 'kanaName', 'birthDate', 'vaccine', 'dose', 'stay'],
    basis: 'immunization-act-5',
  },
  // A notice run's print file handed to the printing contractor (print-export): exactly its columns (PRINT_FILE_ITEMS).
  entrustment: { recipient: 'contractor', items: [...PRINT_FILE_ITEMS], basis: 'entrustment-66' },
};
