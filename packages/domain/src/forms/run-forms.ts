import { formNumberOf } from './form-number.ts';

/** A form a notice run issued: to whom, its serial (印刷連番) and its number (予診票番号). */
export interface RunForm {
  readonly residentId: string;
  readonly serial: number;
  readonly formNumber: string;
}

/** The forms one NoticesIssued event (a run, or one part of it) issued; none for a run recorded before forms were numbered. */
export function formsOfRunEvent(data: { readonly residentIds: readonly string[]; readonly formSerialFrom?: number | undefined }): RunForm[] {
  const from = data.formSerialFrom;
  if (from === undefined) return [];
  return data.residentIds.map((residentId, i) => ({ residentId, serial: from + i, formNumber: formNumberOf(from + i) }));
}
