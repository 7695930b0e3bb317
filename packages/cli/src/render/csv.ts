/** CSV for people: the one writer (every cell neutralized against formula injection) lives in the domain, shared with statistics. */
export { spreadsheetCsvLine as csvLine } from '@vaxledger/domain';
