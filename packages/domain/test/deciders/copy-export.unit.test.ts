import { describe, it, expect } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { copyExportDecider, planCopyExport, type CopyExportEvent, type RecordCopyExport } from '../../src/deciders/copy-export.ts';
import { foldEvents } from '../../src/deciders/decider.ts';
import { IDS_PER_PART } from '../../src/events/common.ts';

const first = '11111111-1111-4111-8111-111111111111';
const second = '22222222-2222-4222-8222-222222222222';
const fileHash = 'a'.repeat(64);

const exported = (exportId: string, full: boolean, fromPosition: number, throughPosition: number, over: Partial<CopyExportEvent['data']> = {}): CopyExportEvent => ({
  type: 'CopiesExported', data: { exportId, full, fromPosition, throughPosition, residentIds: ['R0001'], unlinked: ['R0002'], records: 3, fileHash, ...over },
});
const record = (exportId: string, full: boolean, fromPosition: number, throughPosition: number, over: Partial<RecordCopyExport> = {}): RecordCopyExport => ({
  type: 'RecordCopyExport', exportId, full, fromPosition, throughPosition, residentIds: ['R0001'], unlinked: ['R0002'], records: 3, fileHash, ...over,
});

const spec = deciderSpec(copyExportDecider);

describe('copy export decider: recording', () => {
  it('records the first export, a full one', () => spec.given([]).when(record(first, true, 0, 40)).then([exported(first, true, 0, 40)]));

  it('records an incremental export from where the last one reached', () => {
    spec.given([exported(first, true, 0, 40)]).when(record(second, false, 40, 55)).then([exported(second, false, 40, 55)]);
  });

  it('records a full export again, from the start', () => {
    spec.given([exported(first, true, 0, 40)]).when(record(second, true, 0, 55)).then([exported(second, true, 0, 55)]);
  });

  it('records an incremental export when nothing changed', () => {
    spec.given([exported(first, true, 0, 40)]).when(record(second, false, 40, 40, { residentIds: [], unlinked: [], records: 0 })).then([
      exported(second, false, 40, 40, { residentIds: [], unlinked: [], records: 0 }),
    ]);
  });

  it('splits a large export into parts: residentIds first, then unlinked', () => {
    const residentIds = Array.from({ length: IDS_PER_PART }, (_, i) => `R${i}`);
    spec.given([]).when(record(first, true, 0, 40, { residentIds, unlinked: ['U1', 'U2'] })).then((events) => {
      expect(events.map((e) => [e.data.residentIds.length, e.data.unlinked, e.data.part])).toEqual([
        [IDS_PER_PART, [], { index: 0, of: 2 }], [0, ['U1', 'U2'], { index: 1, of: 2 }],
      ]);
    });
  });
});

describe('copy export decider: order on the one stream', () => {
  it('refuses an incremental export before any export', () => spec.given([]).when(record(first, false, 0, 40)).thenFails('copy-export-out-of-order'));

  it('refuses the second of two exports made at once from the same position', () => {
    spec.given([exported(first, true, 0, 40), exported(second, false, 40, 55)]).when(record('33333333-3333-4333-8333-333333333333', false, 40, 56)).thenFails('copy-export-out-of-order');
  });

  it('refuses a full export that does not start at 0', () => spec.given([]).when(record(first, true, 5, 40)).thenFails('copy-export-out-of-order'));

  it('refuses a full export that reaches less far than the last export', () => {
    spec.given([exported(first, true, 0, 40), exported(second, false, 40, 55)]).when(record('33333333-3333-4333-8333-333333333333', true, 0, 50)).thenFails('copy-export-out-of-order');
  });
});

describe('copy export decider: state and plan', () => {
  it('counts a split export once and takes the last position', () => {
    spec.given([
      exported(first, true, 0, 40),
      exported(second, true, 0, 55, { part: { index: 0, of: 2 } }),
      exported(second, true, 0, 55, { part: { index: 1, of: 2 } }),
    ]).thenState({ exports: 2, lastExportId: second, throughPosition: 55 });
  });

  it('plans a full export first, then incremental ones from where the last reached, or full when asked', () => {
    expect(planCopyExport(copyExportDecider.initialState)).toEqual({ full: true, fromPosition: 0 });
    const after = foldEvents(copyExportDecider, [exported(first, true, 0, 40)]);
    expect(planCopyExport(after)).toEqual({ full: false, fromPosition: 40 });
    expect(planCopyExport(after, { full: true })).toEqual({ full: true, fromPosition: 0 });
  });
});
