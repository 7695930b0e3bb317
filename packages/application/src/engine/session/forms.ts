// 予診票: the numbered forms of notice runs — listed, reissued, voided, and their print and mail state recorded.
// Each export is documented on `Session`, which hosts call.
import {
  DomainError, describeFormNumberProblem, formDecider, formNumberOf, formSerialsDecider, readFormNumber, recordedEventOf, storedRowsMatching, streams,
  type FormCommand, type IssuedForm, type PrintKind, type ReissueReason,
} from '@vaxledger/domain';
import { formKey, formsPrefix, type FormDoc, type FormMailDoc, type FormNumberDoc } from '@vaxledger/projections';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

/** A form as listed: as issued and as it stands, with its print and mail state (sealed: the person's own). */
export type FormView = FormDoc & Partial<Omit<FormMailDoc, 'tenant' | 'formNumber' | 'residentId'>>;

export interface FormFilter {
  readonly residentId?: string;
  readonly runId?: string;
  /** Only forms whose mail came back (不達), for follow-up. */
  readonly returned?: boolean;
}

/** A fact about a form's printing and mailing, as a clerk or a contractor's return file states it. */
export type FormMark =
  | { readonly printed: { readonly kind: PrintKind; readonly on: string } }
  | { readonly mailed: { readonly on: string } }
  | { readonly returned: { readonly reason: string; readonly on: string } };

/** The items a form listing shows (the operation log names them). */
const FORM_ITEMS = ['formNumber', 'residentId', 'vaccine', 'dose', 'runId', 'status', 'reissueCount', 'reissuedOn', 'printKind', 'printedOn', 'mailedOn', 'returned'];

/** A typed 予診票番号 as printed, or a refusal that names what is wrong with it (never the number). */
export function checkedFormNumber(typed: string): string {
  const read = readFormNumber(typed);
  if (!read.ok) throw new DomainError('invalid-form-number', `the form number ${describeFormNumberProblem(read.problem)}`);
  return read.formNumber;
}

/** The form of a number as issued (to whom, for which run, vaccine and dose), or null when none was issued. */
export async function issuedFormOf(ctx: SessionContext, formNumber: string): Promise<FormDoc | null> {
  const indexKey = `${ctx.tenant}/${formNumber}`;
  const owner = (await ctx.engine.projectionStore.getDocs('form-numbers', [indexKey])).get(indexKey)?.doc as FormNumberDoc | undefined;
  if (!owner) return null;
  const key = formKey(ctx.tenant, owner.residentId, formNumber);
  return ((await ctx.engine.projectionStore.getDocs('forms', [key])).get(key)?.doc as FormDoc | undefined) ?? null;
}

const issuedFacts = (doc: FormDoc | null): IssuedForm | null =>
  doc && { residentId: doc.residentId, runId: doc.runId, vaccine: doc.vaccine, dose: doc.dose, reissueCount: doc.reissueCount };

/** The residents a notice run covered, from its events (runs are kept in clear); null when there is no such run. */
async function runResidents(ctx: SessionContext, runId: string): Promise<string[] | null> {
  let found = false;
  const ids: string[] = [];
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'NoticesIssued', dataContains: JSON.stringify(runId) })) {
    const data = recordedEventOf(row).data as { runId: string; residentIds: string[] };
    if (data.runId !== runId) continue;
    found = true;
    for (const id of data.residentIds) ids.push(id);
  }
  return found ? ids : null;
}

async function withMail(ctx: SessionContext, forms: readonly FormDoc[]): Promise<FormView[]> {
  const mail = await ctx.engine.projectionStore.getDocs('form-mail', forms.map((f) => formKey(ctx.tenant, f.residentId, f.formNumber)));
  return forms.map((f) => {
    const m = mail.get(formKey(ctx.tenant, f.residentId, f.formNumber))?.doc as FormMailDoc | undefined;
    if (!m) return f;
    const { tenant: _t, formNumber: _f, residentId: _r, ...state } = m;
    return { ...f, ...state };
  });
}

const bySerial = (a: FormDoc, b: FormDoc) => a.serial - b.serial;

export async function listForms(ctx: SessionContext, filter: FormFilter = {}): Promise<FormView[]> {
  await ctx.authorize('forms.view', filter.residentId);
  await ctx.upToDate();
  const store = ctx.engine.projectionStore;
  let forms: FormDoc[] = [];
  if (filter.residentId !== undefined) {
    const resident = await ctx.requireResident(filter.residentId);
    await ctx.refuseIfSuspended(resident, 'forms.view');
    forms = [...(await store.getDocsUnder('forms', [formsPrefix(ctx.tenant, filter.residentId)])).values()].map((d) => d.doc as FormDoc);
  } else if (filter.runId !== undefined) {
    const residents = await runResidents(ctx, filter.runId);
    if (residents === null) throw new DomainError('unknown-run', `no notice run ${filter.runId} is on the record`, 'not-found');
    // The run's forms and those reissued from them: every form of its residents that names the run.
    const docs = await store.getDocsUnder('forms', [...new Set(residents)].map((id) => formsPrefix(ctx.tenant, id)));
    forms = [...docs.values()].map((d) => d.doc as FormDoc);
  } else if (filter.returned) {
    const keys: string[] = [];
    for await (const { key, doc } of store.scan('form-mail', { prefix: `${ctx.tenant}/` })) if ((doc as FormMailDoc).returned) keys.push(key);
    forms = [...(await store.getDocs('forms', keys)).values()].map((d) => d.doc as FormDoc);
  } else {
    for await (const { doc } of store.scan('forms', { prefix: `${ctx.tenant}/` })) forms.push(doc as FormDoc);
  }
  if (filter.runId !== undefined) forms = forms.filter((f) => f.runId === filter.runId);
  let views = await withMail(ctx, forms.sort(bySerial));
  if (filter.returned) views = views.filter((v) => v.returned !== undefined);
  await ctx.logRead('forms.view', FORM_ITEMS, { ...(filter.residentId === undefined ? {} : { residentId: filter.residentId }), count: views.length });
  return views;
}

export interface ReissuedForm {
  readonly formNumber: string;
  readonly newFormNumber: string;
  readonly residentId: string;
  readonly reissueCount: number;
  readonly reissuedOn: string;
}

export async function reissueForm(ctx: SessionContext, typed: string, options: { reason: ReissueReason; note?: string }): Promise<ReissuedForm> {
  // Authorized before the number is looked at: a stranger learns nothing of it, and is on the record.
  await ctx.authorize('forms.reissue');
  const formNumber = checkedFormNumber(typed);
  await ctx.upToDate();
  const issued = issuedFacts(await issuedFormOf(ctx, formNumber));
  const today = japanDate(ctx.engine.clock.now());
  let newFormNumber = '';
  // The new number is the next 印刷連番: reserved in the same unit as the reissue, so neither is stored without the other.
  const { events } = await ctx.engine.commands.execute({
    stream: streams.formSerials(ctx.tenant), decider: formSerialsDecider,
    command: { type: 'ReserveFormSerials', count: 1, reissueOf: formNumber },
    then: (_state, reserved) => {
      newFormNumber = formNumberOf(reserved[0]!.data.from);
      return {
        stream: streams.form(ctx.tenant, formNumber), decider: formDecider,
        command: { type: 'ReissueForm', formNumber, issued, today, newFormNumber, reason: options.reason, ...(options.note === undefined ? {} : { note: options.note }) } satisfies FormCommand,
      };
    },
  }, ctx.meta());
  if (events.length !== 1) throw new DomainError('reissue-not-recorded', 'the reissue was not recorded');
  return { formNumber, newFormNumber, residentId: issued!.residentId, reissueCount: issued!.reissueCount + 1, reissuedOn: today };
}

/** Decides one command on a form's own stream; returns whether anything was recorded (a fact already known adds nothing). */
async function onForm(ctx: SessionContext, formNumber: string, command: (issued: IssuedForm | null, today: string) => FormCommand): Promise<{ recorded: boolean; residentId: string }> {
  await ctx.upToDate();
  const issued = issuedFacts(await issuedFormOf(ctx, formNumber));
  const { events } = await ctx.engine.commands.execute({
    stream: streams.form(ctx.tenant, formNumber), decider: formDecider, command: command(issued, japanDate(ctx.engine.clock.now())),
  }, ctx.meta());
  return { recorded: events.length > 0, residentId: issued!.residentId };
}

export async function voidForm(ctx: SessionContext, typed: string, reason: string): Promise<{ formNumber: string; residentId: string }> {
  await ctx.authorize('forms.reissue');
  const formNumber = checkedFormNumber(typed);
  const { residentId } = await onForm(ctx, formNumber, (issued, today) => ({ type: 'VoidForm', formNumber, issued, today, reason }));
  return { formNumber, residentId };
}

export async function markForm(ctx: SessionContext, typed: string, mark: FormMark): Promise<{ formNumber: string; residentId: string; recorded: boolean }> {
  await ctx.authorize('forms.mail');
  const formNumber = checkedFormNumber(typed);
  const result = await onForm(ctx, formNumber, (issued, today): FormCommand => {
    if ('printed' in mark) return { type: 'RecordFormPrinted', formNumber, issued, today, printKind: mark.printed.kind, printedOn: mark.printed.on };
    if ('mailed' in mark) return { type: 'RecordFormMailed', formNumber, issued, today, mailedOn: mark.mailed.on };
    return { type: 'RecordFormReturned', formNumber, issued, today, reason: mark.returned.reason, returnedOn: mark.returned.on };
  });
  return { formNumber, ...result };
}
