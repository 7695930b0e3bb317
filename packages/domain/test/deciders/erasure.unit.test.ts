import { describe, it, expect } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { erasureDecider, routeErasureEvents, type EraseSubject, type ErasureEvent, type StatisticsCell } from '../../src/deciders/erasure.ts';

const residentId = 'R0001';
const slipId = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const cell: StatisticsCell = { vaccine: 'hib', dose: 1, fiscalYear: 2015, ward: '01', ageGroup: '0' };

const registered: ErasureEvent = {
  type: 'ResidentRegistered',
  data: { residentId, kanaName: 'ヤマダ タロウ', kanjiName: '山田 太郎', sex: 'male', birthDate: '2015-04-01', address: '市内1-1', wardCode: '01' },
};
const movedOut = (on: string): ErasureEvent => ({ type: 'ResidentMovedOut', data: { residentId, movedOutOn: on } });
const movedIn: ErasureEvent = { type: 'ResidentMovedIn', data: { residentId, movedInOn: '2021-01-10' } };
const died = (on: string): ErasureEvent => ({ type: 'ResidentDied', data: { residentId, diedOn: on } });
const cancelled: ErasureEvent = { type: 'ResidentRecordCancelled', data: { residentId } };
const suspended: ErasureEvent = { type: 'UseSuspended', data: { residentId, requestId: '6c5b4a39-2817-4f6e-8d5c-4b3a29180716' } };

const erase = (over: Partial<EraseSubject> = {}): EraseSubject => ({
  type: 'EraseSubject', residentId, today: '2026-12-07', retentionYears: 5, lastDoseOn: '2015-06-10', slipIds: [slipId], statistics: [cell], ...over,
});
const erased = (reason: string, withinRetention: boolean): ErasureEvent[] => [
  { type: 'SubjectErased', data: { residentId, reason, withinRetention, slipIds: [slipId] } },
  { type: 'StatisticsRetained', data: { cells: [cell] } },
];

const spec = deciderSpec(erasureDecider);

describe('erasure decider: after the retention period', () => {
  it('erases a person who left more than the period ago, the period\'s end as the reason', () => {
    spec.given([registered, movedOut('2020-03-31')]).when(erase()).then(erased('保存期間の経過', false));
  });

  it('erases a person who died the period ago to the day, and keeps an explicit reason', () => {
    spec.given([registered, died('2021-12-07')]).when(erase({ reason: '遺族からの請求' })).then(erased('遺族からの請求', false));
  });

  it('keeps the anonymous statistics even when there is no dose to count', () => {
    spec.given([registered, movedOut('2020-03-31')]).when(erase({ lastDoseOn: undefined, statistics: [] })).then((events) => {
      expect(events[1]).toEqual({ type: 'StatisticsRetained', data: { cells: [] } });
    });
  });
});

describe('erasure decider: within the retention period', () => {
  it('refuses a resident without a reason', () => spec.given([registered]).when(erase()).thenFails('within-retention'));
  it('refuses a person who left less than the period ago', () => spec.given([registered, died('2021-12-08')]).when(erase()).thenFails('within-retention'));
  it('refuses when the last dose is within the period', () => {
    spec.given([registered, movedOut('2020-03-31')]).when(erase({ lastDoseOn: '2021-12-08' })).thenFails('within-retention');
  });
  it('counts from the move back in: a returned resident is within it', () => {
    spec.given([registered, movedOut('2020-03-31'), movedIn]).when(erase()).thenFails('within-retention');
  });
  it('refuses a cancelled record that never left', () => spec.given([registered, cancelled]).when(erase()).thenFails('within-retention'));

  it('erases with a reason, marked as within the period', () => {
    spec.given([registered, suspended]).when(erase({ reason: '本人からの削除請求' })).then(erased('本人からの削除請求', true));
  });
});

describe('erasure decider: the person\'s stream', () => {
  it('refuses a resident who is not registered', () => spec.given([]).when(erase({ reason: 'x' })).thenFails('unknown-resident'));

  it('records an erasure once: a second one (or one at the same time) decides nothing more', () => {
    const [subjectErased] = erased('保存期間の経過', false);
    spec.given([registered, movedOut('2020-03-31'), subjectErased!]).when(erase()).then([]);
  });

  it('folds to what finishing an erasure needs, from SubjectErased alone (the sealed events no longer open)', () => {
    const [subjectErased] = erased('保存期間の経過', false);
    spec.given([subjectErased!]).thenState({ status: 'erased', withinRetention: false, slipIds: [slipId] });
  });

  it('keeps the day the person left through a cancellation', () => {
    spec.given([registered, movedOut('2020-03-31'), cancelled]).thenState({ status: 'cancelled', leftOn: '2020-03-31' });
  });

  it('routes StatisticsRetained to the statistics stream and SubjectErased to the resident stream', () => {
    const [subjectErased, retained] = erased('保存期間の経過', false);
    expect(routeErasureEvents([subjectErased!, retained!])).toEqual({ resident: [subjectErased], statistics: [retained] });
  });
});
