import type { EventCodec, StoredRowReader } from '@vaxledger/domain';
import type { AnyProjection } from '../projection.ts';
import type { ProjectionStore } from '../projection-store.ts';
import { ProjectionRunner } from '../runner/projection-runner.ts';
import { verifiedEventsView } from '../verify/verified-events-view.ts';

/** Where a replay stopped: the last row recorded at or before the instant (0 and no time when none was). */
export interface ReplayedPosition {
  readonly position: number;
  readonly recordedAt: string | null;
}

/**
 * The last stored row recorded at or before `instant`. Recorded time never runs backwards along the positions (the
 * append path dates a row no earlier than the head, and verify reports a row that does), so the first later row ends
 * the search.
 */
export async function positionAsOf(rows: StoredRowReader, instant: string): Promise<ReplayedPosition> {
  const limit = Date.parse(instant);
  let found: ReplayedPosition = { position: 0, recordedAt: null };
  for await (const row of rows.readStoredRows(0n)) {
    if (Date.parse(row.recordedAt) > limit) break;
    found = { position: Number(row.position), recordedAt: row.recordedAt };
  }
  return found;
}

/**
 * 再現: the projections as the store knew them at `instant`, folded from zero into `scratch` (an empty store, thrown
 * away by the caller) by the same runner that keeps the live ones, over the rows recorded up to then.
 */
export async function replayStoreAsOf(
  rows: StoredRowReader, projections: readonly AnyProjection[], codec: EventCodec | undefined, scratch: ProjectionStore, instant: string,
): Promise<ReplayedPosition> {
  const at = await positionAsOf(rows, instant);
  if (at.position > 0) await new ProjectionRunner(verifiedEventsView(rows, codec, at.position, new Set()), scratch, projections).catchUp();
  return at;
}
