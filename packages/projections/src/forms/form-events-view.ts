import { formsOfRunEvent, type NoticeKind, type PrintKind, type ReissueReason, type RunForm, type Vaccine } from '@vaxledger/domain';
import type { ProjectedEvent } from '../projection.ts';

/** A form event as the forms projections read it: whole, or (once its person was erased) its clear items only. */
export type FormEventView =
  | { type: 'NoticesIssued'; data: { runId: string; kind: NoticeKind; criteria: { vaccine: Vaccine; dose: number }; formSerialFrom: number; forms: RunForm[] } }
  | { type: 'FormReissued'; data: { formNumber: string; newFormNumber: string; residentId: string; runId: string; vaccine: Vaccine; dose: number; reissueCount: number; reissuedOn: string; reason?: ReissueReason; note?: string } }
  | { type: 'FormVoided'; data: { formNumber: string; residentId: string; voidedOn: string; reason?: string } }
  | { type: 'FormPrinted'; data: { formNumber: string; residentId: string; printKind: PrintKind; printedOn: string } }
  | { type: 'FormMailed'; data: { formNumber: string; residentId: string; mailedOn: string } }
  | { type: 'FormReturned'; data: { formNumber: string; residentId: string; reason: string; returnedOn: string } }
  | { type: 'SubjectErased'; data: { residentId: string } };

const FORM_TYPES = new Set(['FormReissued', 'FormVoided', 'FormPrinted', 'FormMailed', 'FormReturned']);

/**
 * The form facts of an event, or null. An erased event gives its clear items only, and `whole` says whether the
 * sealed items are there: the clear projections (forms, form-numbers) use either, the sealed one (form-mail) whole
 * events only, so that a rebuild never writes a document for a person whose key is gone.
 */
export function formEventOf(e: ProjectedEvent): { view: FormEventView; whole: boolean } | null {
  // keysOf and evolve ask for each of a run's (up to 10,000) forms: its numbers are computed once per event.
  let found = seen.get(e.event);
  if (found === undefined) seen.set(e.event, (found = readFormEvent(e)));
  return found;
}

const seen = new WeakMap<ProjectedEvent['event'], { view: FormEventView; whole: boolean } | null>();

function readFormEvent(e: ProjectedEvent): { view: FormEventView; whole: boolean } | null {
  const ev = e.event;
  if (ev.type === 'NoticesIssued') {
    if (ev.data.formSerialFrom === undefined) return null;
    return { view: { type: 'NoticesIssued', data: { runId: ev.data.runId, kind: ev.data.kind, criteria: ev.data.criteria, formSerialFrom: ev.data.formSerialFrom, forms: formsOfRunEvent(ev.data) } }, whole: true };
  }
  if (ev.type === 'SubjectErased') return { view: { type: 'SubjectErased', data: { residentId: ev.data.residentId } }, whole: true };
  if (ev.type === 'Erased') {
    if (!FORM_TYPES.has(ev.data.originalType)) return null;
    return { view: { type: ev.data.originalType, data: ev.data.clear } as FormEventView, whole: false };
  }
  if (!FORM_TYPES.has(ev.type)) return null;
  return { view: { type: ev.type, data: ev.data } as FormEventView, whole: true };
}

/** A form's document key: its person's prefix, so that an erasure drops every form of theirs at once. */
export const formKey = (tenant: string, residentId: string, formNumber: string) => `${tenant}/${residentId}/${formNumber}`;
export const formsPrefix = (tenant: string, residentId: string) => `${tenant}/${residentId}/`;

/** The form number at the end of a form's document key. */
export const formNumberOfKey = (key: string) => key.slice(key.lastIndexOf('/') + 1);
