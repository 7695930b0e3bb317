import * as E from 'fp-ts/lib/Either.js';
import { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import type { VaccinationFields } from '../events/vaccination-events.ts';
import { SPECIAL_STATUS_KINDS, type SpecialStatusKind } from '../events/eligibility-events.ts';
import type { Decider } from './decider.ts';
import type { RuleSet } from '../schedule/rule-schema.ts';
import { containsMyNumber } from '../registry/my-number-detector.ts';

export type VaccinationEvent =
  | EventOf<'VaccinationRecorded'> | EventOf<'VaccinationCorrected'> | EventOf<'VaccinationVoided'>
  | EventOf<'ConditionRecorded'> | EventOf<'ConditionWithdrawn'> | EventOf<'ConditionEnded'> | EventOf<'AntibodyTestRecorded'>;

/** One period of a special status (長期療養, 被災, 免除); `to` absent while it lasts. */
export interface StatusPeriod {
  readonly from: string;
  readonly to?: string;
}

export type AntibodyTest = Omit<EventOf<'AntibodyTestRecorded'>['data'], 'residentId'>;

export interface VaccinationRecordState {
  readonly fields: VaccinationFields;
  readonly voided: boolean;
}

/** The vaccinations of one resident (one stream per resident). */
export interface VaccinationState {
  readonly records: ReadonlyMap<string, VaccinationRecordState>;
  /** Conditions the schedule law depends on (長期療養特例, 抗体検査, …), recorded by the host. */
  readonly conditions: ReadonlySet<string>;
  /** Special statuses recorded with a period, by kind. */
  readonly periods: ReadonlyMap<string, readonly StatusPeriod[]>;
  /** 風しん抗体検査, by 検査番号. */
  readonly antibodyTests: ReadonlyMap<string, AntibodyTest>;
}

export type VaccinationCommand =
  | {
      readonly type: 'RecordVaccination';
      readonly recordId: string;
      readonly residentId: string;
      readonly fields: VaccinationFields;
      readonly source: EventOf<'VaccinationRecorded'>['data']['source'];
      readonly identityDocument?: string;
      readonly warnings: readonly string[];
      /** Why a dose already on the ledger is recorded again (see sameDose); without it such a record is refused. */
      readonly duplicateReason?: string;
      /** The inquiry (情報照会) whose answer gave the record, for source `other-municipality`. */
      readonly inquiryId?: string;
    }
  | { readonly type: 'CorrectVaccination'; readonly recordId: string; readonly residentId: string; readonly changes: Partial<VaccinationFields>; readonly reason: string; readonly warnings?: readonly string[] }
  | { readonly type: 'VoidVaccination'; readonly recordId: string; readonly residentId: string; readonly reason: string }
  | {
      readonly type: 'RecordCondition'; readonly residentId: string; readonly condition: string;
      /** A special status (SPECIAL_STATUS_KINDS) with its period and document. */
      readonly period?: { readonly from: string; readonly to?: string; readonly document: string };
    }
  | { readonly type: 'EndCondition'; readonly residentId: string; readonly condition: SpecialStatusKind; readonly on: string }
  | { readonly type: 'RecordAntibodyTest'; readonly residentId: string; readonly test: AntibodyTest }
  | { readonly type: 'WithdrawCondition'; readonly residentId: string; readonly condition: string; readonly reason: string };

const fail = (code: string, message: string) => E.left(new DomainError(code, message));

/** The first day (MM-DD) of the season a date falls in, as a year: a seasonal vaccine's dose 1 comes once a season. */
function seasonOf(date: string, from: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= from ? year : year - 1;
}

/**
 * Whether two doses are the same dose of the person: the same vaccine and dose ordinal (期回数) — within the same
 * season for a vaccine given once a season (influenza, COVID-19), on the same day for one given once a pregnancy.
 */
export function sameDose(rules: RuleSet, a: Pick<VaccinationFields, 'vaccine' | 'dose' | 'date'>, b: Pick<VaccinationFields, 'vaccine' | 'dose' | 'date'>): boolean {
  if (a.vaccine !== b.vaccine || a.dose !== b.dose) return false;
  const repeat = rules.vaccines.find((v) => v.id === a.vaccine)?.repeat;
  if (repeat === undefined) return true;
  if (repeat.kind === 'season') return seasonOf(a.date, repeat.from) === seasonOf(b.date, repeat.from);
  return a.date === b.date;
}

/**
 * The vaccinations decider under a rule set (what "the same dose" means depends on the schedule). A dose already
 * active on the ledger is a doubt, not a second record: recording it again is refused unless a reason is given.
 */
export function vaccinationDeciderFor(rules: RuleSet): Decider<VaccinationCommand, VaccinationEvent, VaccinationState> {
  return {
    ...vaccinationDecider,
    decide(command, state) {
      if (command.type === 'RecordVaccination' && command.duplicateReason !== undefined && containsMyNumber(command.duplicateReason)) {
        return fail('my-number-in-text', 'the duplicate reason holds a 個人番号: write it without');
      }
      if (command.type === 'RecordVaccination' && command.duplicateReason === undefined && !state.records.has(command.recordId)) {
        for (const [recordId, r] of state.records) {
          if (!r.voided && sameDose(rules, r.fields, command.fields)) {
            return fail('duplicate-dose', `resident ${command.residentId}: ${command.fields.vaccine} dose ${command.fields.dose} is already on the ledger (record ${recordId}); give a reason to record it again (--duplicate-reason)`);
          }
        }
      }
      if (command.type === 'CorrectVaccination') {
        // A correction must not make a second active record of a dose already on the ledger: that is the duplicate
        // the rule above refuses, reached by another door. The clerk voids the one that is wrong instead.
        const existing = state.records.get(command.recordId);
        if (existing && !existing.voided) {
          const corrected = { ...existing.fields, ...definedChanges(command.changes) };
          for (const [recordId, r] of state.records) {
            if (recordId !== command.recordId && !r.voided && sameDose(rules, r.fields, corrected)) {
              return fail('duplicate-dose', `resident ${command.residentId}: the correction would make record ${command.recordId} the same ${corrected.vaccine} dose ${corrected.dose} as record ${recordId}; void the wrong one instead`);
            }
          }
        }
      }
      return vaccinationDecider.decide(command, state);
    },
  };
}

function definedChanges(changes: Partial<VaccinationFields>): Partial<VaccinationFields> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<VaccinationFields>;
}

/** The decider without the duplicate rule's schedule: use vaccinationDeciderFor(rules) to decide commands. */
export const vaccinationDecider: Decider<VaccinationCommand, VaccinationEvent, VaccinationState> = {
  initialState: { records: new Map(), conditions: new Set(), periods: new Map(), antibodyTests: new Map() },

  decide(command, state) {
    if (command.type === 'RecordCondition' && command.period !== undefined) return decidePeriod(command, command.period, state);
    if (command.type === 'EndCondition') {
      const open = (state.periods.get(command.condition) ?? []).find((p) => p.to === undefined);
      if (!open) return fail('no-open-condition', `resident ${command.residentId} has no ${command.condition} without an end`);
      if (command.on < open.from) return fail('end-before-start', `${command.condition} began on ${open.from}: it cannot end on ${command.on}`);
      return E.right([{ type: 'ConditionEnded', data: { residentId: command.residentId, condition: command.condition, on: command.on } }]);
    }
    if (command.type === 'RecordAntibodyTest') {
      const { method, titer, unit, testNumber } = command.test;
      if ([method, titer, unit, testNumber].some(containsMyNumber)) return fail('my-number-in-text', 'an item of the antibody test holds a 個人番号: write it without');
      const known = state.antibodyTests.get(command.test.testNumber);
      if (known) {
        // The same test again (a re-imported file) adds nothing; another result under the same 検査番号 is a doubt.
        const { testId: _k, ...knownItems } = known;
        const { testId: _c, ...items } = command.test;
        if (JSON.stringify(knownItems) === JSON.stringify(items)) return E.right([]);
        return fail('antibody-test-exists', `resident ${command.residentId}: test number ${command.test.testNumber} is already recorded with other items`);
      }
      return E.right([{ type: 'AntibodyTestRecorded', data: { residentId: command.residentId, ...command.test } }]);
    }
    if (command.type === 'RecordCondition') {
      if (state.conditions.has(command.condition)) return E.right([]);
      return E.right([{ type: 'ConditionRecorded', data: { residentId: command.residentId, condition: command.condition } }]);
    }
    if (command.type === 'WithdrawCondition') {
      if (!state.conditions.has(command.condition) && !state.periods.has(command.condition)) return fail('unknown-condition', `resident ${command.residentId} has no such condition recorded`);
      return E.right([{ type: 'ConditionWithdrawn', data: { residentId: command.residentId, condition: command.condition, reason: command.reason } }]);
    }
    const existing = state.records.get(command.recordId);
    switch (command.type) {
      case 'RecordVaccination':
        if (existing) return fail('record-exists', `record ${command.recordId} already exists`);
        return E.right([{
          type: 'VaccinationRecorded',
          data: {
            ...command.fields, recordId: command.recordId, residentId: command.residentId, source: command.source,
            identityDocument: command.identityDocument, warnings: [...command.warnings],
            ...(command.duplicateReason === undefined ? {} : { duplicateReason: command.duplicateReason }),
            ...(command.inquiryId === undefined ? {} : { inquiryId: command.inquiryId }),
          },
        }]);
      case 'CorrectVaccination': {
        if (!existing) return fail('unknown-record', `record ${command.recordId} is not in resident ${command.residentId}'s ledger`);
        if (existing.voided) return fail('record-voided', `record ${command.recordId} was voided and cannot be corrected`);
        const changes: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(command.changes)) {
          if (v !== undefined && (existing.fields as Record<string, unknown>)[k] !== v) changes[k] = v;
        }
        if (Object.keys(changes).length === 0) return fail('nothing-to-correct', `record ${command.recordId}: the correction changes nothing`);
        return E.right([{
          type: 'VaccinationCorrected',
          data: { recordId: command.recordId, residentId: command.residentId, changes, reason: command.reason, warnings: command.warnings ? [...command.warnings] : undefined },
        }]);
      }
      case 'VoidVaccination':
        if (!existing) return fail('unknown-record', `record ${command.recordId} is not in resident ${command.residentId}'s ledger`);
        if (existing.voided) return fail('record-voided', `record ${command.recordId} is already voided`);
        return E.right([{ type: 'VaccinationVoided', data: { recordId: command.recordId, residentId: command.residentId, reason: command.reason } }]);
    }
  },

  evolve(state, event) {
    if (event.type === 'ConditionRecorded' && event.data.from !== undefined) {
      const periods = new Map(state.periods);
      const period = event.data.to === undefined ? { from: event.data.from } : { from: event.data.from, to: event.data.to };
      periods.set(event.data.condition, [...(periods.get(event.data.condition) ?? []), period]);
      return { ...state, periods };
    }
    if (event.type === 'ConditionEnded') {
      const periods = new Map(state.periods);
      periods.set(event.data.condition, (periods.get(event.data.condition) ?? []).map((p) => (p.to === undefined ? { from: p.from, to: event.data.on } : p)));
      return { ...state, periods };
    }
    if (event.type === 'AntibodyTestRecorded') {
      const { residentId: _r, ...test } = event.data;
      return { ...state, antibodyTests: new Map(state.antibodyTests).set(test.testNumber, test) };
    }
    if (event.type === 'ConditionRecorded' || event.type === 'ConditionWithdrawn') {
      const conditions = new Set(state.conditions);
      const periods = new Map(state.periods);
      if (event.type === 'ConditionRecorded') conditions.add(event.data.condition);
      else {
        conditions.delete(event.data.condition);
        periods.delete(event.data.condition);
      }
      return { ...state, conditions, periods };
    }
    const records = new Map(state.records);
    switch (event.type) {
      case 'VaccinationRecorded': {
        const { recordId, residentId: _r, source: _s, identityDocument: _i, warnings: _w, duplicateReason: _d, ...fields } = event.data;
        records.set(recordId, { fields, voided: false });
        break;
      }
      case 'VaccinationCorrected': {
        const r = records.get(event.data.recordId);
        if (r) records.set(event.data.recordId, { ...r, fields: { ...r.fields, ...event.data.changes } });
        break;
      }
      case 'VaccinationVoided': {
        const r = records.get(event.data.recordId);
        if (r) records.set(event.data.recordId, { ...r, voided: true });
        break;
      }
    }
    return { ...state, records };
  },
};

/**
 * A special status with a period: the same period again adds nothing (a retried or re-imported record); a period that
 * overlaps one already recorded for the same kind is refused (end or withdraw that one first).
 */
function decidePeriod(
  command: { residentId: string; condition: string },
  period: { from: string; to?: string; document: string },
  state: VaccinationState,
): E.Either<DomainError, VaccinationEvent[]> {
  if (!(SPECIAL_STATUS_KINDS as readonly string[]).includes(command.condition)) {
    return fail('unknown-condition-kind', `a period is recorded only for ${SPECIAL_STATUS_KINDS.join(', ')}`);
  }
  if (containsMyNumber(period.document)) return fail('my-number-in-text', 'the document holds a 個人番号: name the document without it');
  if (period.to !== undefined && period.to < period.from) return fail('end-before-start', `--to ${period.to} is before --from ${period.from}`);
  const end = (p: StatusPeriod) => p.to ?? '9999-12-31';
  for (const p of state.periods.get(command.condition) ?? []) {
    if (p.from === period.from && p.to === period.to) return E.right([]);
    if (p.from <= (period.to ?? '9999-12-31') && period.from <= end(p)) {
      return fail('overlapping-condition', `resident ${command.residentId}: ${command.condition} is already recorded from ${p.from}${p.to ? ` to ${p.to}` : ''}`);
    }
  }
  const data = { residentId: command.residentId, condition: command.condition, from: period.from, ...(period.to === undefined ? {} : { to: period.to }), document: period.document };
  return E.right([{ type: 'ConditionRecorded', data }]);
}
