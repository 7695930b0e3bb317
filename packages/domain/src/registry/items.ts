/**
 * The item catalogue of 別添2 (特定個人情報ファイル記録項目) and the per-affair allow-list (事務と情報項目の対応付け).
 * Every item the resident-records system can export has an id here, so that a header is either a known item or an
 * error; whether the item is kept is decided by the affair's allow-list alone. Items not on the list are dropped at
 * the import boundary and never reach a parsed row.
 */

export interface CatalogueItem<Id extends string> {
  readonly name: string; // as 別添2 writes it
  readonly id: Id;
}

const item = <const Id extends string>(name: string, id: Id): CatalogueItem<Id> => ({ name, id });

/** 住民基本台帳関連情報, every item of the table, plus 統合宛名番号 (統合宛名管理システム) that links the affairs. */
export const REGISTRY_ITEMS = [
  item('市区町村番号', 'municipalityCode'),
  item('整理番号', 'residentId'),
  item('カナ氏名', 'kanaName'),
  item('カナ氏名略', 'kanaNameShort'),
  item('漢字氏名', 'kanjiName'),
  item('生年月日', 'birthDate'),
  item('性別', 'sex'),
  item('町番号', 'townNo'),
  item('行政区番号', 'wardCode'),
  item('番地', 'blockNo'),
  item('枝番', 'branchNo'),
  item('小枝', 'subBranchNo'),
  item('郵便番号', 'postalCode'),
  item('集配局', 'deliveryOffice'),
  item('住所', 'address'),
  item('方書', 'addressSupplement'),
  item('小学校区', 'elementarySchoolDistrict'),
  item('中学校区', 'juniorHighSchoolDistrict'),
  item('続柄 1', 'relationship'),
  item('続柄 2', 'relationship2'),
  item('続柄 3', 'relationship3'),
  item('続柄 4', 'relationship4'),
  item('世帯番号', 'householdNo'),
  item('世帯主カナ氏名', 'householdHeadKanaName'),
  item('世帯主漢字氏名', 'householdHeadName'),
  item('取消区分', 'cancellation'),
  item('住登外区分', 'nonRegisteredCategory'),
  item('宛名種別', 'addresseeType'),
  item('外国人フラグ', 'foreigner'),
  item('外国人国籍', 'nationality'),
  item('本名カナ氏名', 'legalKanaName'),
  item('本名漢字氏名', 'legalName'),
  item('通称カナ氏名', 'aliasKanaName'),
  item('通称漢字氏名', 'aliasName'),
  item('アルファベット氏名', 'alphabetName'),
  item('漢字併記カナ氏名', 'combinedKanaName'),
  item('漢字併記氏名', 'combinedName'),
  item('氏名利用区分', 'nameUsage'),
  item('住民となった日', 'becameResidentOn'),
  item('住民でなくなった日', 'ceasedResidentOn'),
  item('最新異動区分', 'movement'),
  item('最新異動日', 'movementOn'),
  item('最新異動届出日', 'movementNotifiedOn'),
  item('住民異動区分', 'residentMovement'),
  item('住民異動日', 'residentMovementOn'),
  item('転入前住所', 'previousAddress'),
  item('転入前方書', 'previousAddressSupplement'),
  item('転出後住所', 'destinationAddress'),
  item('転出後方書', 'destinationAddressSupplement'),
  item('電話番号', 'phone'),
  item('F A X 番号', 'fax'),
  item('携帯番号', 'mobilePhone'),
  item('メールアドレス', 'email'),
  item('補記論理和', 'annotationFlags'),
  item('送付除外論理和', 'mailingExcluded'),
  item('個人課税区分', 'personalTaxCategory'),
  item('世帯課税区分', 'householdTaxCategory'),
  item('被災者区分', 'disasterVictimCategory'),
  item('住基閲覧注意', 'addressDisclosureRestricted'),
  // 別添2 writes "予備区分 1~9": nine items.
  item('予備区分 1', 'reserve1'),
  item('予備区分 2', 'reserve2'),
  item('予備区分 3', 'reserve3'),
  item('予備区分 4', 'reserve4'),
  item('予備区分 5', 'reserve5'),
  item('予備区分 6', 'reserve6'),
  item('予備区分 7', 'reserve7'),
  item('予備区分 8', 'reserve8'),
  item('予備区分 9', 'reserve9'),
  item('連携処理日', 'linkageProcessedOn'),
  item('国保区分', 'nationalHealthInsuranceCategory'),
  item('徴収区分', 'taxCollectionCategory'),
  item('課税区分', 'taxCategory'),
  item('年金区分', 'pensionCategory'),
  item('生保区分', 'publicAssistanceCategory'),
  item('介護区分', 'longTermCareCategory'),
  item('後期高齢区分', 'lateElderlyMedicalCategory'),
  item('統合宛名番号', 'integratedAddresseeNo'),
  // Not an item of 別添2: where a 転入 came from, as the 住民記録 system's 転入 record holds it (住民票の前住所). Kept
  // so that the municipality the person came from can be asked for their vaccination history (転入者の接種歴照会).
  item('前住所地の全国地方公共団体コード', 'previousMunicipalityCode'),
] as const;
export type RegistryItemId = (typeof REGISTRY_ITEMS)[number]['id'];

/** Other names the same items go by in 別添2 itself (整理番号 (団体内宛名番号)). Vendor names go in a mapping file. */
export const REGISTRY_ITEM_ALIASES: Readonly<Record<string, RegistryItemId>> = {
  団体内宛名番号: 'residentId',
  // The names 住民記録 systems give the previous address's municipality code (docs/import-formats.md lists them).
  前住所地団体コード: 'previousMunicipalityCode',
  前住所地市区町村コード: 'previousMunicipalityCode',
  転入前市区町村コード: 'previousMunicipalityCode',
  転入前住所地コード: 'previousMunicipalityCode',
  転入元市区町村コード: 'previousMunicipalityCode',
};

/** 事務: the affairs whose allow-lists this catalogue knows. */
export const AFFAIRS = ['vaccination'] as const;
export type Affair = (typeof AFFAIRS)[number];

/**
 * 事務と情報項目の対応付け. Vaccination affairs need the 4情報, what locates and reaches the person, and what says
 * whether they are (still) a resident. Tax, insurance, pension, welfare and care items are absent on purpose.
 */
export const AFFAIR_REGISTRY_ITEMS: Readonly<Record<Affair, ReadonlySet<RegistryItemId>>> = {
  vaccination: new Set<RegistryItemId>([
    'municipalityCode', 'residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'postalCode', 'address',
    'addressSupplement', 'wardCode', 'elementarySchoolDistrict', 'juniorHighSchoolDistrict', 'householdNo',
    'relationship', 'householdHeadName', 'cancellation', 'nonRegisteredCategory', 'foreigner', 'becameResidentOn',
    'ceasedResidentOn', 'movement', 'movementOn', 'previousAddress', 'destinationAddress', 'phone', 'mailingExcluded',
    'addressDisclosureRestricted', 'integratedAddresseeNo', 'previousMunicipalityCode',
  ]),
};

/** Items a registry file must have a column for (the ledger cannot identify a person without them). */
export const REQUIRED_REGISTRY_ITEMS: readonly RegistryItemId[] = ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'address'];

/** Headers that are refused outright: this affair never receives 個人番号, whatever the column holds. */
export const REFUSED_HEADER_NAMES: readonly string[] = ['個人番号', 'マイナンバー', '個人番号(マイナンバー)'];

/** 個人票 (clinic slip) items the slip reader keeps; a subset of 別添2's 予防接種結果 items plus the 4情報 it matches on. */
export const SLIP_ITEMS = [
  item('整理番号', 'residentId'),
  item('カナ氏名', 'kanaName'),
  item('生年月日', 'birthDate'),
  item('性別', 'sex'),
  item('接種名称区分', 'vaccine'),
  item('期回数区分', 'dose'),
  item('接種日', 'date'),
  item('接種医療機関番号', 'clinicNo'),
  item('L o t 番号', 'lot'),
  item('接種量', 'amount'),
  item('ワクチンメーカー区分', 'maker'),
  item('予診医番号', 'examiningDoctor'),
  item('接種医番号', 'vaccinatingDoctor'),
  item('備考', 'remarks'),
  item('製品', 'product'),
  item('ワクチン名区分', 'product'),
  item('接種区分', 'category'),
  item('予診票番号', 'formNumber'),
  item('負担金区分', 'coPaymentClass'),
  item('免除区分', 'exemptionClass'),
  item('予診理由区分', 'examinationReason'),
] as const;
export type SlipItemId = (typeof SLIP_ITEMS)[number]['id'];

export const SLIP_ITEM_ALIASES: Readonly<Record<string, SlipItemId>> = {
  団体内宛名番号: 'residentId',
  ロット番号: 'lot',
};

export const REQUIRED_SLIP_ITEMS: readonly SlipItemId[] = ['residentId', 'kanaName', 'birthDate', 'sex', 'vaccine', 'dose', 'date'];

/**
 * The other 予防接種結果 items of 別添2. A slip file may carry them (the punch contractor's layout follows the system's
 * record), but registering a slip does not need them, so they are known (no error) and dropped.
 */
export const SLIP_DROPPED_ITEM_NAMES: readonly string[] = [
  '年度', '実施時間', '会場区分', '会場区分その他', '接種種別区分', '登録日', '接種医療機関番号その他',
  '印刷区分', '印刷日', '発送日', '接種補足区分', '予診票再発行フラグ', '予診票再発行枚数',
  '予診票再発行日', '依頼書印刷区分', '依頼書印刷日', '証明書印刷区分', '証明書印刷日', '予診医医療機関番号',
  '予診医医療機関番号その他', '予診医職員番号', '接種医職員番号', '支払対象外フラグ', '警告内容', '登録支所区分',
  '印刷連番', '実施報告書印刷日', '請求年月', '経過措置', '予診票発行部署', '送付先名', '文書番号', '起案番号', '発行日',
  '連絡先氏名', '連絡先電話番号', '滞在先郵便番号', '滞在先住所', '滞在先方書', '滞在先電話番号', '依頼書発行理由',
  '自由記載欄', '内線番号（空欄可）', '内線番号', '予診票写しの宛先', '返送区分', '被災者区分',
  '長期療養者区分', '接種時居住区', '判定結果', '検査方法', '抗体価', '単位', '検査番号', '接種種別', '予診票再印刷フラグ',
  '予診票再印刷枚数', '予診票再印刷日', '予診医番号その他', '接種医番号その他',
];

/**
 * VRS (ワクチン接種記録システム) download items: the COVID-19 records the state's system holds for this municipality,
 * with no 個人番号 (the assessment: VRS CSV downloads carry none). Keyed by 接種券番号, which the city prints on its
 * tickets as the 整理番号, and matched on the 属性情報 (kana name, birth date, sex) like a clinic slip.
 */
export const VRS_ITEMS = [
  item('自治体コード', 'municipality'),
  item('接種券番号', 'residentId'),
  item('氏名カナ', 'kanaName'),
  item('生年月日', 'birthDate'),
  item('性別', 'sex'),
  item('接種日', 'date'),
  item('接種回数', 'dose'),
  item('ワクチンメーカー', 'maker'),
  item('ロット番号', 'lot'),
  item('接種会場コード', 'clinicNo'),
  item('予診票番号', 'formNumber'),
] as const;
export type VrsItemId = (typeof VRS_ITEMS)[number]['id'];
export const VRS_ITEM_ALIASES: Readonly<Record<string, VrsItemId>> = { 券番号: 'residentId', カナ氏名: 'kanaName', 医療機関コード: 'clinicNo', 'Lot番号': 'lot' };
export const REQUIRED_VRS_ITEMS: readonly VrsItemId[] = ['residentId', 'kanaName', 'birthDate', 'sex', 'date', 'dose'];
/** Known VRS items the ledger does not keep: the kanji name (matching uses kana) and the certificate's own items. */
export const VRS_DROPPED_ITEM_NAMES: readonly string[] = ['氏名', '証明書ID', '証明書発行年月日', '接種会場名', '医療機関名', 'ワクチン種類'];

/**
 * 情報照会の回答: another municipality's records of a mover, in the 副本's items (copy export's COPY_COLUMNS): keyed by
 * the 統合宛名番号 the inquiry went out under, nothing that names the person. Layout in docs/linkage-formats.md.
 */
export const ANSWER_ITEMS = [
  item('統合宛名番号', 'integratedAddresseeNo'),
  item('接種名称区分', 'vaccine'),
  item('期回数区分', 'dose'),
  item('接種日', 'date'),
  item('接種区分', 'category'),
] as const;
export type AnswerItemId = (typeof ANSWER_ITEMS)[number]['id'];
export const REQUIRED_ANSWER_ITEMS: readonly AnswerItemId[] = ['integratedAddresseeNo', 'vaccine', 'dose', 'date'];

/**
 * Header names compare after NFKC (full-width → ASCII, ＬＯＴ → LOT), removing all whitespace (続柄 1 = 続柄1) and
 * upper-casing Latin letters (Lot番号 = LOT番号).
 */
export function normalizeHeaderName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function index<Id extends string>(items: readonly CatalogueItem<Id>[], aliases: Readonly<Record<string, Id>>): ReadonlyMap<string, Id> {
  const map = new Map<string, Id>();
  for (const { name, id } of items) map.set(normalizeHeaderName(name), id);
  for (const [name, id] of Object.entries(aliases)) map.set(normalizeHeaderName(name), id);
  return map;
}

/** Normalized header name → registry item id. */
export const REGISTRY_ITEM_BY_HEADER: ReadonlyMap<string, RegistryItemId> = index(REGISTRY_ITEMS, REGISTRY_ITEM_ALIASES);
/** Normalized header name → slip item id. */
export const SLIP_ITEM_BY_HEADER: ReadonlyMap<string, SlipItemId> = index(SLIP_ITEMS, SLIP_ITEM_ALIASES);
export const SLIP_DROPPED_HEADERS: ReadonlySet<string> = new Set(SLIP_DROPPED_ITEM_NAMES.map(normalizeHeaderName));
/** Normalized header name → VRS item id. */
export const VRS_ITEM_BY_HEADER: ReadonlyMap<string, VrsItemId> = index(VRS_ITEMS, VRS_ITEM_ALIASES);
export const VRS_DROPPED_HEADERS: ReadonlySet<string> = new Set(VRS_DROPPED_ITEM_NAMES.map(normalizeHeaderName));
/** Normalized header name → answer item id. */
export const ANSWER_ITEM_BY_HEADER: ReadonlyMap<string, AnswerItemId> = index(ANSWER_ITEMS, {});
/**
 * VRS columns the file format defines and the affair never keeps, which are not read at all (not even scanned for a
 * 個人番号): the 12-digit 証明書ID passes the My Number check digit about one time in eleven, and refusing a whole
 * download for a column nobody keeps would refuse legitimate files.
 */
export const VRS_UNREAD_HEADERS: ReadonlySet<string> = new Set(['証明書ID', '証明書発行年月日'].map(normalizeHeaderName));
export const REFUSED_HEADERS: ReadonlySet<string> = new Set(REFUSED_HEADER_NAMES.map(normalizeHeaderName));

/** Whether the affair keeps the item; every other registry item is dropped at the boundary. */
export function isItemAllowed(affair: Affair, id: RegistryItemId): boolean {
  return AFFAIR_REGISTRY_ITEMS[affair].has(id);
}

/** The 別添2 name of an item, for messages (never the value). */
export function registryItemName(id: RegistryItemId): string {
  return REGISTRY_ITEMS.find((i) => i.id === id)!.name;
}
export function slipItemName(id: SlipItemId): string {
  return SLIP_ITEMS.find((i) => i.id === id)!.name;
}

export function answerItemName(id: AnswerItemId): string {
  return ANSWER_ITEMS.find((i) => i.id === id)!.name;
}

export function vrsItemName(id: VrsItemId): string {
  return VRS_ITEMS.find((i) => i.id === id)!.name;
}
