import * as E from 'fp-ts/lib/Either.js';
import type { z } from 'zod';
import type { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import { slicesOf } from '../events/common.ts';
import { EligibilityCriteriaSchema, NoticeKindSchema, type EligibilityCriteria, type NoticeKind } from '../events/eligibility-events.ts';
import { containsMyNumber } from '../registry/my-number-detector.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The events of one notice run's stream (接種券, 案内, 勧奨): one, or one a part of a large run. */
export type NoticeRunEvent = EventOf<'NoticesIssued'>;

export type NoticeStatus = NonNullable<EligibilityCriteria['statuses']>[number];

/** The statuses each kind of notice may go to: tickets and guidance before or in the window, reminders in or after it. */
export const STATUSES_OF_KIND: Readonly<Record<NoticeKind, readonly NoticeStatus[]>> = {
  ticket: ['due', 'closing', 'upcoming'],
  guidance: ['due', 'closing', 'upcoming'],
  reminder: ['due', 'closing', 'missed'],
};

/** Days within which the same criteria issued again are refused unless a reason is given (a person mailed twice). */
export const NOTICE_REPEAT_DAYS = 30;

/** A run already on the record, as the caller read it (runs are kept in clear: no sealed row is opened). */
export interface PriorNoticeRun {
  readonly runId: string;
  readonly kind: string;
  readonly criteria: EligibilityCriteria;
  /** When it was recorded (ISO instant). */
  readonly at: string;
}

/** A run's checked input: its kind, its criteria with the statuses it covers, and the reason it is issued again. */
export interface NoticeRunCriteria {
  readonly kind: NoticeKind;
  readonly criteria: EligibilityCriteria & { readonly statuses: NoticeStatus[] };
  readonly again?: string;
}

export type NoticeRunState =
  | { readonly status: 'none' }
  | { readonly status: 'issued'; readonly kind: NoticeKind; readonly criteria: EligibilityCriteria; readonly residents: number };

export interface IssueNotices {
  readonly type: 'IssueNotices';
  /** A new id, chosen by the caller. */
  readonly runId: string;
  /** As typed: checked here. */
  readonly kind: NoticeKind;
  readonly criteria: EligibilityCriteria;
  /** Why the same mailing is issued again within the repeat period (`--again`). */
  readonly again?: string;
  /** The residents covered: those matched by `noticeRunCriteria(…).criteria`, less those withheld. */
  readonly residentIds: readonly string[];
  /** How many matched but were left out (送付除外, 住基閲覧注意). */
  readonly withheld: number;
  /** Now (ISO instant): the repeat period ends here. */
  readonly now: string;
  readonly repeatWithinDays?: number;
  /** The runs recorded so far (at least those of the same vaccine within the period), in the order recorded. */
  readonly priorRuns: readonly PriorNoticeRun[];
  /** 印刷連番 reserved for the run's forms, one per resident in order (absent: the run numbers no forms). */
  readonly formSerialFrom?: number;
}

export type NoticeRunCommand = IssueNotices;

/** The zod issues of a refused input, as "path: message" (paths and schema words only, never the value). */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`).join('; ');
}

/**
 * A run's kind, criteria and reason checked, and the statuses it covers settled. The caller queries the eligible
 * residents with the criteria returned, so it may call this first; the decider checks the same again.
 */
export function noticeRunCriteria(input: { readonly kind: NoticeKind; readonly criteria: EligibilityCriteria; readonly again?: string }): E.Either<DomainError, NoticeRunCriteria> {
  const kind = NoticeKindSchema.safeParse(input.kind);
  if (!kind.success) return refuse('invalid-notice-kind', 'notice kind must be ticket, guidance or reminder');
  const criteria = EligibilityCriteriaSchema.safeParse(input.criteria);
  if (!criteria.success) return refuse('invalid-criteria', describeIssues(criteria.error));
  const allowed = STATUSES_OF_KIND[kind.data];
  const outside = (criteria.data.statuses ?? []).filter((s) => !allowed.includes(s));
  if (outside.length > 0) return refuse('invalid-status', `a ${kind.data} goes to ${allowed.join(', ')}; not to ${outside.join(', ')}`);
  const statuses = [...new Set(criteria.data.statuses ?? allowed)];
  const again = input.again?.trim();
  if (input.again !== undefined && (again === undefined || again.length === 0 || again.length > 200)) return refuse('invalid-again', '--again needs a reason, at most 200 characters');
  // The reason is kept in clear on the run: a My Number in it is refused (never at rest in clear).
  if (again !== undefined && containsMyNumber(again)) return refuse('my-number-in-text', '--again holds a 個人番号: write the reason without it');
  return E.right({ kind: kind.data, criteria: { ...criteria.data, statuses }, ...(again === undefined ? {} : { again }) });
}

/**
 * Whether two runs are the same mailing: the same kind to the same people — vaccine, dose, ward, birth cohort and
 * statuses. The evaluation date and horizon are left out: the same run a day later reaches the same people.
 */
export function sameMailing(kind: NoticeKind, a: EligibilityCriteria, otherKind: string, b: EligibilityCriteria): boolean {
  const statuses = (c: EligibilityCriteria) => [...(c.statuses ?? STATUSES_OF_KIND[kind])].sort().join(',');
  return kind === otherKind && a.vaccine === b.vaccine && a.dose === b.dose && (a.ward ?? '') === (b.ward ?? '')
    && (a.birthFrom ?? '') === (b.birthFrom ?? '') && (a.birthTo ?? '') === (b.birthTo ?? '') && statuses(a) === statuses(b);
}

/** The last run of the same mailing recorded within `days` before `now`, if any. */
function recentSameRun(run: NoticeRunCriteria, priorRuns: readonly PriorNoticeRun[], now: string, days: number): PriorNoticeRun | null {
  const since = new Date(Date.parse(now) - days * 86_400_000).toISOString();
  let found: PriorNoticeRun | null = null;
  for (const prior of priorRuns) if (prior.at >= since && sameMailing(run.kind, run.criteria, prior.kind, prior.criteria)) found = prior;
  return found;
}

export const noticeRunDecider: Decider<NoticeRunCommand, NoticeRunEvent, NoticeRunState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (state.status !== 'none') return refuse('notice-run-exists', `notice run ${command.runId} is already issued`);
    const checked = noticeRunCriteria(command);
    if (E.isLeft(checked)) return checked;
    const { kind, criteria, again } = checked.right;
    if (again === undefined) {
      const days = command.repeatWithinDays ?? NOTICE_REPEAT_DAYS;
      const previous = recentSameRun(checked.right, command.priorRuns, command.now, days);
      if (previous) {
        return refuse('notices-issued-recently', `the same ${kind} run (${previous.runId}) was issued at ${previous.at}, within ${days} days: give --again REASON to issue it again`);
      }
    }
    // A run of a whole city is split across events of one unit (a single event would pass EventStoreDB's append limit).
    const slices = slicesOf(command.residentIds);
    let offset = 0;
    return E.right(slices.map((residentIds, index): NoticeRunEvent => {
      // Each part names the serial of its own first form: a part is read on its own (forms projection).
      const formSerialFrom = command.formSerialFrom === undefined || residentIds.length === 0 ? undefined : command.formSerialFrom + offset;
      offset += residentIds.length;
      return {
        type: 'NoticesIssued',
        data: {
          runId: command.runId, kind, criteria, residentIds, withheld: command.withheld,
          ...(again === undefined ? {} : { again }), ...(slices.length > 1 ? { part: { index, of: slices.length } } : {}),
          ...(formSerialFrom === undefined ? {} : { formSerialFrom }),
        },
      };
    }));
  },

  evolve(state, event) {
    const { kind, criteria, residentIds } = event.data;
    // The parts of a split run follow one another: their residents add up.
    return state.status === 'none' ? { status: 'issued', kind, criteria, residents: residentIds.length } : { ...state, residents: state.residents + residentIds.length };
  },
};
