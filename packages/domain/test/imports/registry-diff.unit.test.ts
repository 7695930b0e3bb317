import { describe, expect, it } from 'vitest';
import { planRegistryRow, type RegistryRecord, type ResidentState } from '../../src/index.ts';

const details = { kanaName: 'ヤマダ タロウ', kanjiName: '山田 太郎', sex: 'male', birthDate: '2020-04-01', address: '仙台市青葉区' } as const;
const movedOut: ResidentState = { status: 'moved-out', details: { ...details }, leftOn: '2025-03-31' };
const row = (extra: Partial<RegistryRecord>): RegistryRecord => ({ residentId: '000000000001', details: { ...details }, cancelled: false, ...extra });

describe('a 転入 row for a resident who had moved out', () => {
  it('records the move-in on its 最新異動日', () => {
    const plan = planRegistryRow(row({ movement: 'moved-in', movedOn: '2026-04-01' }), movedOut);
    expect(plan.kind).toBe('events');
    const moved = plan.kind === 'events' ? plan.events.find((e) => e.type === 'ResidentMovedIn') : undefined;
    expect(moved?.data).toMatchObject({ residentId: '000000000001', movedInOn: '2026-04-01' });
  });

  it('without a date is refused by its 最新異動日, not stored as a move-in no read could parse', () => {
    const plan = planRegistryRow(row({ movement: 'moved-in' }), movedOut);
    expect(plan).toMatchObject({ kind: 'refused', item: '最新異動日' });
    expect(plan.kind === 'refused' ? plan.error.code : '').toBe('missing-moved-in-date');
  });

  it('never takes the date the person left as the date they came back', () => {
    const plan = planRegistryRow(row({ movement: 'moved-in', leftOn: '2025-03-31' }), movedOut);
    expect(plan.kind).toBe('refused');
  });
});
