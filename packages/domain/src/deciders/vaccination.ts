import * as E from 'fp-ts/lib/Either.js';
import { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import type { VaccinationFields } from '../events/vaccination-events.ts';
import type { Decider } from './decider.ts';

export type VaccinationEvent =
  | EventOf<'VaccinationRecorded'> | EventOf<'VaccinationCorrected'> | EventOf<'VaccinationVoided'>
  | EventOf<'ConditionRecorded'> | EventOf<'ConditionWithdrawn'>;

export interface VaccinationRecordState {
  readonly fields: VaccinationFields;
  readonly voided: boolean;
}

/** The vaccinations of one resident (one stream per resident). */
export interface VaccinationState {
  readonly records: ReadonlyMap<string, VaccinationRecordState>;
  /** Conditions the schedule law depends on (長期療養特例, 抗体検査, …), recorded by the host. */
  readonly conditions: ReadonlySet<string>;
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
    }
  | { readonly type: 'CorrectVaccination'; readonly recordId: string; readonly residentId: string; readonly changes: Partial<VaccinationFields>; readonly reason: string; readonly warnings?: readonly string[] }
  | { readonly type: 'VoidVaccination'; readonly recordId: string; readonly residentId: string; readonly reason: string }
  | { readonly type: 'RecordCondition'; readonly residentId: string; readonly condition: string }
  | { readonly type: 'WithdrawCondition'; readonly residentId: string; readonly condition: string; readonly reason: string };

const fail = (code: string, message: string) => E.left(new DomainError(code, message));

export const vaccinationDecider: Decider<VaccinationCommand, VaccinationEvent, VaccinationState> = {
  initialState: { records: new Map(), conditions: new Set() },

  decide(command, state) {
    if (command.type === 'RecordCondition') {
      if (state.conditions.has(command.condition)) return E.right([]);
      return E.right([{ type: 'ConditionRecorded', data: { residentId: command.residentId, condition: command.condition } }]);
    }
    if (command.type === 'WithdrawCondition') {
      if (!state.conditions.has(command.condition)) return fail('unknown-condition', `resident ${command.residentId} has no such condition recorded`);
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
    if (event.type === 'ConditionRecorded' || event.type === 'ConditionWithdrawn') {
      const conditions = new Set(state.conditions);
      if (event.type === 'ConditionRecorded') conditions.add(event.data.condition);
      else conditions.delete(event.data.condition);
      return { records: state.records, conditions };
    }
    const records = new Map(state.records);
    switch (event.type) {
      case 'VaccinationRecorded': {
        const { recordId, residentId: _r, source: _s, identityDocument: _i, warnings: _w, ...fields } = event.data;
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
    return { records, conditions: state.conditions };
  },
};
