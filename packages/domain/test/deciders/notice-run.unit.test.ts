import { describe, it, expect } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { noticeRunCriteria, noticeRunDecider, type IssueNotices, type NoticeRunEvent, type PriorNoticeRun } from '../../src/deciders/notice-run.ts';
import { IDS_PER_PART } from '../../src/events/common.ts';
import type { EligibilityCriteria } from '../../src/events/eligibility-events.ts';

const runId = '3d2c1b0a-9f8e-4d7c-b6a5-4f3e2d1c0b9a';
const criteria: EligibilityCriteria = { vaccine: 'mr', dose: 1, date: '2026-12-07' };
const recorded = { ...criteria, statuses: ['due', 'closing', 'upcoming'] as const };

const issue = (over: Partial<IssueNotices> = {}): IssueNotices => ({
  type: 'IssueNotices', runId, kind: 'ticket', criteria, residentIds: ['R0001', 'R0002'], withheld: 1,
  now: '2026-12-07T01:00:00.000Z', priorRuns: [], ...over,
});
const issued = (over: Partial<NoticeRunEvent['data']> = {}): NoticeRunEvent => ({
  type: 'NoticesIssued', data: { runId, kind: 'ticket', criteria: { ...recorded, statuses: [...recorded.statuses] }, residentIds: ['R0001', 'R0002'], withheld: 1, ...over },
});
const prior = (at: string, over: Partial<PriorNoticeRun> = {}): PriorNoticeRun => ({
  runId: '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d', kind: 'ticket', criteria: { ...criteria, date: '2026-11-20', statuses: [...recorded.statuses] }, at, ...over,
});

const spec = deciderSpec(noticeRunDecider);

describe('notice run decider: issuing', () => {
  it('records the run with the statuses its kind goes to', () => spec.given([]).when(issue()).then([issued()]));

  it('records the statuses asked for, once each', () => {
    spec.given([]).when(issue({ kind: 'reminder', criteria: { ...criteria, statuses: ['missed', 'missed'] } })).then([
      issued({ kind: 'reminder', criteria: { ...criteria, statuses: ['missed'] } }),
    ]);
  });

  it('splits a large run into parts of IDS_PER_PART residents', () => {
    const residentIds = Array.from({ length: IDS_PER_PART + 1 }, (_, i) => `R${i}`);
    spec.given([]).when(issue({ residentIds })).then((events) => {
      expect(events.map((e) => [e.data.residentIds.length, e.data.part])).toEqual([[IDS_PER_PART, { index: 0, of: 2 }], [1, { index: 1, of: 2 }]]);
    });
  });

  it('records a run that covers nobody as one event', () => spec.given([]).when(issue({ residentIds: [], withheld: 0 })).then([issued({ residentIds: [], withheld: 0 })]));

  it('refuses an unknown kind', () => spec.given([]).when(issue({ kind: 'postcard' as never })).thenFails('invalid-notice-kind'));
  it('refuses criteria that do not validate', () => spec.given([]).when(issue({ criteria: { ...criteria, dose: 0 } })).thenFails('invalid-criteria'));
  it('refuses a status the kind does not go to', () => {
    spec.given([]).when(issue({ criteria: { ...criteria, statuses: ['missed'] } })).thenFails('invalid-status');
    spec.given([]).when(issue({ kind: 'reminder', criteria: { ...criteria, statuses: ['upcoming'] } })).thenFails('invalid-status');
  });
  it('refuses an empty or over-long --again', () => {
    spec.given([]).when(issue({ again: '  ' })).thenFails('invalid-again');
    spec.given([]).when(issue({ again: 'あ'.repeat(201) })).thenFails('invalid-again');
  });
  it('refuses a --again that holds a 個人番号', () => spec.given([]).when(issue({ again: '123456789018 の再送' })).thenFails('my-number-in-text'));
  it('refuses to issue the same run twice', () => spec.given([issued()]).when(issue()).thenFails('notice-run-exists'));
});

describe('notice run decider: the same mailing again', () => {
  const at = '2026-11-20T01:00:00.000Z';

  it('refuses the same mailing within the repeat period', () => spec.given([]).when(issue({ priorRuns: [prior(at)] })).thenFails('notices-issued-recently'));

  it('issues it again with a reason, kept trimmed on the run', () => {
    spec.given([]).when(issue({ priorRuns: [prior(at)], again: ' 転入者への再送 ' })).then([issued({ again: '転入者への再送' })]);
  });

  it('issues it after the repeat period, or within a shorter one', () => {
    spec.given([]).when(issue({ priorRuns: [prior('2026-11-06T00:59:59.000Z')] })).then([issued()]);
    spec.given([]).when(issue({ priorRuns: [prior(at)], repeatWithinDays: 7 })).then([issued()]);
  });

  it('issues another mailing: another kind, dose, ward or status', () => {
    for (const other of [prior(at, { kind: 'guidance' }), prior(at, { criteria: { ...criteria, dose: 2 } }), prior(at, { criteria: { ...criteria, ward: '01' } }), prior(at, { criteria: { ...criteria, statuses: ['due'] } })]) {
      spec.given([]).when(issue({ priorRuns: [other] })).then([issued()]);
    }
  });
});

describe('notice run decider: state and criteria', () => {
  it('adds up the residents of a split run', () => {
    spec.given([issued({ residentIds: ['R1', 'R2'], part: { index: 0, of: 2 } }), issued({ residentIds: ['R3'], part: { index: 1, of: 2 } })]).thenState((state) => {
      expect(state).toMatchObject({ status: 'issued', kind: 'ticket', residents: 3 });
    });
  });

  it('settles the statuses the caller queries with', () => {
    const checked = noticeRunCriteria({ kind: 'reminder', criteria });
    expect(isRight(checked) && checked.right.criteria.statuses).toEqual(['due', 'closing', 'missed']);
  });
});
