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

describe('where a 転入 came from', () => {
  const none: ResidentState = { status: 'none' };
  const registered = (plan: ReturnType<typeof planRegistryRow>) => (plan.kind === 'events' ? plan.events.find((e) => e.type === 'ResidentRegistered')?.data : undefined);

  it('a new resident registered by a 転入 carries the arrival: its date and the previous municipality code', () => {
    const data = registered(planRegistryRow(row({ movement: 'moved-in', movementWord: '転入', movedOn: '2026-01-05', previousMunicipalityCode: '011002' }), none));
    expect(data).toMatchObject({ residentId: '000000000001', movedIn: { on: '2026-01-05', fromMunicipality: '011002' } });
  });

  it('without a code the arrival is still kept (the work queue lists the person); from abroad, no municipality is named', () => {
    expect(registered(planRegistryRow(row({ movement: 'moved-in', movementWord: '転入', details: { ...details, becameResidentOn: '2026-01-04' } }), none))?.movedIn).toEqual({ on: '2026-01-04' });
    expect(registered(planRegistryRow(row({ movement: 'moved-in', movementWord: '国外転入', movedOn: '2026-01-05', previousMunicipalityCode: '011002' }), none))?.movedIn).toEqual({ on: '2026-01-05', fromAbroad: true });
  });

  it('a birth or a row without a movement registers as before, with no arrival', () => {
    expect(registered(planRegistryRow(row({ movement: 'registered', movementWord: '出生', movedOn: '2026-01-05', previousMunicipalityCode: '011002' }), none))).not.toHaveProperty('movedIn');
    expect(registered(planRegistryRow(row({}), none))).not.toHaveProperty('movedIn');
  });

  it('a resident moving back in carries the code on ResidentMovedIn', () => {
    const plan = planRegistryRow(row({ movement: 'moved-in', movementWord: '転入', movedOn: '2026-04-01', previousMunicipalityCode: '131016' }), movedOut);
    const moved = plan.kind === 'events' ? plan.events.find((e) => e.type === 'ResidentMovedIn') : undefined;
    expect(moved?.data).toMatchObject({ movedInOn: '2026-04-01', fromMunicipality: '131016' });
  });
});
