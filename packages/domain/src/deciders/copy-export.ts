import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { IDS_PER_PART } from '../events/common.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The events of the tenant's one stream of 副本 exports, in order (a large export is split into parts). */
export type CopyExportEvent = EventOf<'CopiesExported'>;

export interface CopyExportState {
  /** Exports recorded so far (the parts of a split one count once). */
  readonly exports: number;
  readonly lastExportId: string | null;
  /** Where the last export reached: the next incremental export starts here. */
  readonly throughPosition: number;
}

export interface RecordCopyExport {
  readonly type: 'RecordCopyExport';
  /** A new id, chosen by the caller. */
  readonly exportId: string;
  /** As planned by {@link planCopyExport} when the file was written. */
  readonly full: boolean;
  readonly fromPosition: number;
  /** The store's head when the file was written. */
  readonly throughPosition: number;
  /** The persons in the file, and those with records who could not be sent (no 統合宛名番号). */
  readonly residentIds: readonly string[];
  readonly unlinked: readonly string[];
  readonly records: number;
  /** SHA-256 of the file's bytes. */
  readonly fileHash: string;
}

export type CopyExportCommand = RecordCopyExport;

/**
 * What the next export covers: everything (asked for, or the first export), or what changed since the last one. The
 * caller writes the file from this plan, then records it; the decider refuses a record whose plan is out of date.
 */
export function planCopyExport(state: CopyExportState, options: { readonly full?: boolean } = {}): { readonly full: boolean; readonly fromPosition: number } {
  const full = options.full === true || state.exports === 0;
  return { full, fromPosition: full ? 0 : state.throughPosition };
}

/**
 * The persons of an export as the lists of its events: at most IDS_PER_PART ids an event, residentIds first, then
 * unlinked (one event when they fit together).
 */
function listParts(sent: readonly string[], unlinked: readonly string[]): Array<{ residentIds: string[]; unlinked: string[] }> {
  const parts: Array<{ residentIds: string[]; unlinked: string[] }> = [];
  let i = 0;
  let j = 0;
  do {
    const residentIds = sent.slice(i, i + IDS_PER_PART);
    i += residentIds.length;
    const rest = unlinked.slice(j, j + IDS_PER_PART - residentIds.length);
    j += rest.length;
    parts.push({ residentIds, unlinked: rest });
  } while (i < sent.length || j < unlinked.length);
  return parts;
}

const outOfOrder = (message: string) => refuse('copy-export-out-of-order', message);

export const copyExportDecider: Decider<CopyExportCommand, CopyExportEvent, CopyExportState> = {
  initialState: { exports: 0, lastExportId: null, throughPosition: 0 },

  decide(command, state) {
    const { exportId, full, fromPosition, throughPosition } = command;
    // Exports are recorded in order: each incremental one starts where the last one reached, and none goes back, so
    // that of two exports made at once only the first is recorded (the other's file is made again).
    if (!full && state.exports === 0) return outOfOrder('no 副本 was exported yet: the first export is a full one');
    const expected = planCopyExport(state, { full });
    if (fromPosition !== expected.fromPosition) {
      return outOfOrder(full
        ? `a full 副本 starts at position 0, not ${fromPosition}`
        : `the 副本 was made from position ${fromPosition}, but the last export reached ${state.throughPosition}: make it again`);
    }
    if (throughPosition < state.throughPosition) {
      return outOfOrder(`the 副本 reaches position ${throughPosition}, behind the last export (${state.throughPosition}): make it again`);
    }
    // A full export of a city is split across events of one unit (a single event would pass EventStoreDB's append limit).
    const lists = listParts(command.residentIds, command.unlinked);
    return E.right(lists.map((list, index): CopyExportEvent => ({
      type: 'CopiesExported',
      data: {
        exportId, full, fromPosition, throughPosition, ...list, records: command.records, fileHash: command.fileHash,
        ...(lists.length > 1 ? { part: { index, of: lists.length } } : {}),
      },
    })));
  },

  evolve(state, event) {
    const { exportId, throughPosition } = event.data;
    return { exports: state.exports + (exportId === state.lastExportId ? 0 : 1), lastExportId: exportId, throughPosition };
  },
};
