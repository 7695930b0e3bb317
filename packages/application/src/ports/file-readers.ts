/**
 * The file formats the importers read (the adapters' CSV readers: CP932 or UTF-8, the contractor's layouts, the
 * mapping files), as a port: an importer gets the rows of a file that validated whole, or the file's errors.
 */
import type { MovementKind, ResidentDetails, Sex, Vaccine, VaccinationCategory } from '@vaxledger/domain';
import type { FileResult } from '../imports/file-error.ts';

/** A mapping ready for the readers: every key already normalized (see the adapters' parseMapping). */
export interface Mapping {
  readonly headers: ReadonlyMap<string, string>; // normalized header → normalized item name
  readonly ignore: ReadonlySet<string>; // normalized headers
  readonly codes: ReadonlyMap<string, ReadonlyMap<string, string>>; // normalized item name → trimmed code → word
  readonly formats: ReadonlyMap<string, string>; // normalized header → normalized id format name
}

/** One row of a resident registry file (住民基本台帳の異動分), as read. */
export interface RegistryRow {
  readonly line: number;
  readonly residentId: string; // 整理番号
  readonly details: ResidentDetails;
  readonly municipalityCode?: string; // 市区町村番号
  readonly movement?: MovementKind; // 最新異動区分, read
  readonly movementWord?: string; // 最新異動区分 as a word (after the mapping), for ResidentDetailsChanged.movement
  readonly movedOn?: string; // 最新異動日
  readonly leftOn?: string; // 住民でなくなった日
  readonly previousAddress?: string; // 転入前住所
  readonly previousMunicipalityCode?: string; // 前住所地の全国地方公共団体コード (its column, or a code leading 転入前住所)
  readonly destinationAddress?: string; // 転出後住所
  readonly cancelled: boolean; // 取消区分
}

/**
 * One vaccination of a clinic slip (予診票) or a VRS file, as read: the 4 information as written, the vaccination's
 * items. Matching it to a resident is the importer's job.
 */
export interface SlipRow {
  readonly line: number;
  readonly residentId: string; // 整理番号
  readonly kanaName: string; // カナ氏名, as written (normalize with normalizeKana to match)
  readonly birthDate: string; // 生年月日
  readonly sex: Sex; // 性別
  readonly vaccine: Vaccine; // 接種名称区分
  readonly dose: number; // 期回数区分
  readonly date: string; // 接種日
  readonly clinicNo?: string; // 接種医療機関番号
  readonly lot?: string; // Lot番号
  readonly amount?: string; // 接種量
  readonly maker?: string; // ワクチンメーカー区分 (translated when a code table has the code)
  readonly examiningDoctor?: string; // 予診医番号
  readonly vaccinatingDoctor?: string; // 接種医番号
  readonly remarks?: string; // 備考
  readonly coPaymentClass?: string; // 負担金区分
  readonly exemptionClass?: string; // 免除区分
  readonly examinationReason?: string; // 予診理由区分 (予診のみ: examined, not vaccinated)
  readonly product?: string; // 製品 / ワクチン名区分
  readonly category?: VaccinationCategory; // 接種区分
  readonly formNumber?: string; // 予診票番号, as printed (its check character verified by the reader)
}

/**
 * One row of another municipality's answer to an inquiry (情報照会の回答), as read: the 副本's items. A row with the
 * 統合宛名番号 alone says the person has no record there.
 */
export interface AnswerRow {
  readonly line: number;
  readonly integratedAddresseeNo: string; // 統合宛名番号
  readonly record?: { readonly vaccine: Vaccine; readonly dose: number; readonly date: string; readonly category?: VaccinationCategory };
}

/**
 * One row of the printing contractor's return file (印刷・発送結果, docs/print-files.md), as read: the form, and what
 * happened to it. Dates are ISO (JST days).
 */
export interface PrintReturnRow {
  readonly line: number;
  readonly formNumber: string; // 予診票番号 with its check character, verified by the reader
  readonly printedOn?: string; // 印刷日
  readonly mailedOn?: string; // 発送日
  readonly returned?: { readonly reason: string; readonly on: string }; // 不達, 不達理由, 不達日
}

/** One row of an antibody test file (docs/import-formats.md), as read: the person and the test's items. */
export interface AntibodyRow {
  readonly line: number;
  readonly residentId: string;
  readonly date: string;
  readonly method: string;
  readonly titer: string;
  readonly unit: string;
  readonly result: 'sufficient' | 'insufficient';
  readonly testNumber: string;
}

/**
 * Code tables by item name (接種名称区分, 期回数区分, 接種区分, 性別, ワクチンメーカー区分, 製品 / ワクチン名区分):
 * the contractor's code → a word the reader understands.
 */
export type SlipCodeTables = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** A file read whole: its rows, the items it had that the ledger does not keep (dropped), and its encoding. */
export type FileRead<Row> = FileResult<{
  readonly rows: Row[];
  readonly dropped: string[];
  readonly header: { readonly encoding: string };
}>;

export type FileEncoding = 'auto' | 'cp932' | 'utf-8';

export interface FileReaders {
  readRegistryFile(bytes: Uint8Array, options: { fileName: string; encoding?: FileEncoding; mapping?: Mapping }): FileRead<RegistryRow>;
  readSlipFile(bytes: Uint8Array, options: { fileName: string; encoding?: FileEncoding; codeTables?: SlipCodeTables; mapping?: Mapping }): FileRead<SlipRow>;
  readVrsFile(bytes: Uint8Array, options: { fileName: string; tenant: string; encoding?: FileEncoding; mapping?: Mapping }): FileRead<SlipRow>;
  /** Optional for readers written before answers were imported: without it, an answer import is refused. */
  readInquiryAnswerFile?(bytes: Uint8Array, options: { fileName: string; encoding?: FileEncoding }): FileRead<AnswerRow>;
  /** Optional for readers written before print returns were imported: without it, a return import is refused. */
  readPrintReturnFile?(bytes: Uint8Array, options: { fileName: string; encoding?: FileEncoding }): FileRead<PrintReturnRow>;
  /** Optional for readers written before antibody tests were imported: without it, such an import is refused. */
  readAntibodyFile?(bytes: Uint8Array, options: { fileName: string; encoding?: FileEncoding }): FileRead<AntibodyRow>;
}
