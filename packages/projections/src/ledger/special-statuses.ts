import type { AntibodyTest } from '@vaxledger/domain';
import type { ProjectedEvent } from '../projection.ts';

/** A special status as the ledger shows it (長期療養者区分, 被災者区分, 免除区分), `to` absent while it lasts. */
export interface SpecialStatusView {
  readonly kind: string;
  readonly from: string;
  readonly to?: string;
  readonly document?: string;
}

/** An antibody test as the ledger shows it (別添2 #64–68), with when it was put on the record. */
export interface AntibodyTestView extends AntibodyTest {
  readonly recordedAt: string;
}

export interface SpecialStatuses {
  readonly antibodyTests: readonly AntibodyTestView[];
  readonly statuses: readonly SpecialStatusView[];
}

/**
 * The antibody tests and special statuses of one resident, folded from their vaccination stream (a few events a
 * person): read with the ledger, now or as of a past instant, so that no projection keeps a second copy of them.
 */
export function foldSpecialStatuses(events: Iterable<ProjectedEvent>): SpecialStatuses {
  const antibodyTests: AntibodyTestView[] = [];
  let statuses: SpecialStatusView[] = [];
  for (const e of events) {
    const ev = e.event;
    if (ev.type === 'AntibodyTestRecorded') {
      const { residentId: _r, ...test } = ev.data;
      antibodyTests.push({ ...test, recordedAt: e.recordedAt });
    } else if (ev.type === 'ConditionRecorded' && ev.data.from !== undefined) {
      statuses.push({ kind: ev.data.condition, from: ev.data.from, ...(ev.data.to ? { to: ev.data.to } : {}), ...(ev.data.document ? { document: ev.data.document } : {}) });
    } else if (ev.type === 'ConditionEnded') {
      statuses = statuses.map((s) => (s.kind === ev.data.condition && s.to === undefined ? { ...s, to: ev.data.on } : s));
    } else if (ev.type === 'ConditionWithdrawn') {
      statuses = statuses.filter((s) => s.kind !== ev.data.condition);
    }
  }
  antibodyTests.sort((a, b) => a.date.localeCompare(b.date));
  return { antibodyTests, statuses };
}
