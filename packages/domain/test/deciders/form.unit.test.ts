import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { formDecider, type FormCommand, type FormEvent, type IssuedForm } from '../../src/deciders/form.ts';
import { formSerialsDecider } from '../../src/deciders/form-serials.ts';
import { noticeRunDecider } from '../../src/deciders/notice-run.ts';
import { formNumberOf } from '../../src/forms/form-number.ts';
import { matchSlipForm } from '../../src/imports/slip-matching.ts';

const formNumber = formNumberOf(17);
const next = formNumberOf(18);
const runId = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
const issued: IssuedForm = { residentId: 'R0001', runId, vaccine: 'mr', dose: 1, reissueCount: 0 };
const on = { formNumber, issued, today: '2026-04-10' };
const spec = deciderSpec(formDecider);

const reissued = (count = 1): FormEvent => ({
  type: 'FormReissued',
  data: { formNumber, newFormNumber: next, residentId: 'R0001', runId, vaccine: 'mr', dose: 1, reason: 'lost', reissueCount: count, reissuedOn: '2026-04-10' },
});
const voided: FormEvent = { type: 'FormVoided', data: { formNumber, residentId: 'R0001', reason: '誤発行', voidedOn: '2026-04-09' } };
const reissue = (over: Partial<FormCommand> = {}): FormCommand => ({ ...on, type: 'ReissueForm', newFormNumber: next, reason: 'lost', ...over } as FormCommand);

describe('form decider: reissue and void', () => {
  it('reissues a valid form with the next number, one more reissue, dated today', () => {
    spec.given([]).when(reissue()).then([reissued()]);
    spec.given([]).when(reissue({ issued: { ...issued, reissueCount: 2 } })).then([reissued(3)]);
  });

  it('refuses to reissue a form already reissued or voided, or one never issued', () => {
    spec.given([reissued()]).when(reissue()).thenFails('form-invalidated');
    spec.given([voided]).when(reissue()).thenFails('form-voided');
    spec.given([]).when(reissue({ issued: null })).thenFails('unknown-form');
  });

  it('refuses an unknown reason, `other` without a note, and a 個人番号 in the note', () => {
    spec.given([]).when(reissue({ reason: 'stolen' } as Partial<FormCommand>)).thenFails('invalid-reissue-reason');
    spec.given([]).when(reissue({ reason: 'other' } as Partial<FormCommand>)).thenFails('reissue-note-required');
    spec.given([]).when(reissue({ reason: 'other', note: '123456789018 の件' } as Partial<FormCommand>)).thenFails('my-number-in-text');
    spec.given([]).when(reissue({ reason: 'other', note: '水濡れ' } as Partial<FormCommand>)).then((events) => expect(events[0]!.data).toMatchObject({ reason: 'other', note: '水濡れ' }));
  });

  it('voids a valid form once; not a reissued one, nor again', () => {
    spec.given([]).when({ ...on, today: '2026-04-09', type: 'VoidForm', reason: ' 誤発行 ' }).then([voided]);
    spec.given([voided]).when({ ...on, type: 'VoidForm', reason: '再度' }).thenFails('form-voided');
    spec.given([reissued()]).when({ ...on, type: 'VoidForm', reason: '誤発行' }).thenFails('form-invalidated');
    spec.given([]).when({ ...on, type: 'VoidForm', reason: '  ' }).thenFails('invalid-reason');
  });
});

describe('form decider: print and mail state', () => {
  const printed: FormEvent = { type: 'FormPrinted', data: { formNumber, residentId: 'R0001', printKind: 'batch', printedOn: '2026-04-02' } };
  const mailed: FormEvent = { type: 'FormMailed', data: { formNumber, residentId: 'R0001', mailedOn: '2026-04-03' } };
  const returned: FormEvent = { type: 'FormReturned', data: { formNumber, residentId: 'R0001', reason: '宛所不明', returnedOn: '2026-04-08' } };

  it('records printing, mailing and returned mail; the same fact again records nothing (a return file imported twice)', () => {
    spec.given([]).when({ ...on, type: 'RecordFormPrinted', printKind: 'batch', printedOn: '2026-04-02' }).then([printed]);
    spec.given([printed]).when({ ...on, type: 'RecordFormPrinted', printKind: 'batch', printedOn: '2026-04-02' }).then([]);
    spec.given([printed]).when({ ...on, type: 'RecordFormMailed', mailedOn: '2026-04-03' }).then([mailed]);
    spec.given([printed, mailed]).when({ ...on, type: 'RecordFormMailed', mailedOn: '2026-04-03' }).then([]);
    spec.given([printed, mailed]).when({ ...on, type: 'RecordFormReturned', reason: '宛所不明', returnedOn: '2026-04-08' }).then([returned]);
    spec.given([printed, mailed, returned]).when({ ...on, type: 'RecordFormReturned', reason: '宛所不明', returnedOn: '2026-04-08' }).then([]);
    // A form reissued since was still printed and mailed: the facts are recorded all the same.
    spec.given([reissued()]).when({ ...on, type: 'RecordFormMailed', mailedOn: '2026-04-03' }).then([mailed]);
  });

  it('refuses dates out of order, in the future, or not dates; and forms never issued', () => {
    spec.given([printed]).when({ ...on, type: 'RecordFormMailed', mailedOn: '2026-04-01' }).thenFails('mailed-before-printed');
    spec.given([printed, mailed]).when({ ...on, type: 'RecordFormReturned', reason: '宛所不明', returnedOn: '2026-04-02' }).thenFails('returned-before-mailed');
    spec.given([]).when({ ...on, type: 'RecordFormMailed', mailedOn: '2026-04-11' }).thenFails('future-date');
    spec.given([]).when({ ...on, type: 'RecordFormMailed', mailedOn: '2026-13-01' }).thenFails('invalid-date');
    spec.given([]).when({ ...on, type: 'RecordFormPrinted', printKind: 'laser', printedOn: '2026-04-02' }).thenFails('invalid-print-kind');
    spec.given([]).when({ ...on, issued: null, type: 'RecordFormMailed', mailedOn: '2026-04-03' }).thenFails('unknown-form');
  });
});

describe('印刷連番 and the run', () => {
  it('hands out serials in order, none for a run of nobody', () => {
    const first = formSerialsDecider.decide({ type: 'ReserveFormSerials', count: 3, runId }, formSerialsDecider.initialState);
    expect(first).toEqual(E.right([{ type: 'FormSerialsReserved', data: { from: 1, count: 3, runId } }]));
    const state = formSerialsDecider.evolve(formSerialsDecider.initialState, (first as E.Right<readonly never[]>).right[0]!);
    expect(formSerialsDecider.decide({ type: 'ReserveFormSerials', count: 1, reissueOf: formNumber }, state)).toEqual(E.right([{ type: 'FormSerialsReserved', data: { from: 4, count: 1, reissueOf: formNumber } }]));
    expect(formSerialsDecider.decide({ type: 'ReserveFormSerials', count: 0 }, state)).toEqual(E.right([]));
  });

  it('a split run names each part\'s first serial', () => {
    const residentIds = Array.from({ length: 10_001 }, (_, i) => `R${i}`);
    const decided = noticeRunDecider.decide({
      type: 'IssueNotices', runId, kind: 'ticket', criteria: { vaccine: 'mr', dose: 1, date: '2026-04-01' }, residentIds, withheld: 0, now: '2026-04-01T00:00:00Z', priorRuns: [], formSerialFrom: 100,
    }, noticeRunDecider.initialState);
    expect(E.isRight(decided) && decided.right.map((e) => e.data.formSerialFrom)).toEqual([100, 10_100]);
  });
});

describe('a slip matched by its 予診票番号', () => {
  const slip = { residentId: 'R0001', vaccine: 'mr' as const, dose: 1 };
  it('holds an unknown, an invalidated, or another person\'s / dose\'s number; passes its own', () => {
    expect(matchSlipForm(slip, null)).toEqual({ kind: 'hold', reason: 'form-unknown' });
    expect(matchSlipForm(slip, { ...slip, valid: false })).toEqual({ kind: 'hold', reason: 'form-invalidated' });
    expect(matchSlipForm(slip, { ...slip, residentId: 'R0002', valid: true })).toEqual({ kind: 'hold', reason: 'form-mismatch', mismatchedItems: ['residentId'] });
    expect(matchSlipForm(slip, { ...slip, dose: 2, valid: true })).toEqual({ kind: 'hold', reason: 'form-mismatch', mismatchedItems: ['dose'] });
    expect(matchSlipForm(slip, { ...slip, valid: true })).toBeNull();
  });
});
