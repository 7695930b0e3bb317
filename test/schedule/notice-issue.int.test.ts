import { describe, expect, it } from 'vitest';
import { hostAuthenticated, type Clock } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';

// Issue 19, item 14: a reminder run ignored --status (it always went to due, closing and missed), and the same run
// could be issued again the next day, mailing the same people twice without a word on the record.
async function city() {
  let now = new Date('2026-04-01T00:00:00Z');
  const clock: Clock = { now: () => now };
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const clerk = engine.session('admin.sato', 'registration');
  // Children born over six years: some due for hib dose 1 on the date, some who missed it, some not yet.
  for (let i = 0; i < 36; i++) {
    const birth = new Date(Date.UTC(2020, 3 + 2 * i, 5)).toISOString().slice(0, 10);
    await clerk.registerResident(`0001${String(i).padStart(2, '0')}`, aResident(i, { birthDate: birth }));
  }
  return { engine, advance: (days: number) => { now = new Date(now.getTime() + days * 86_400_000); } };
}

const hib = { vaccine: 'hib', dose: 1, date: '2026-04-01' } as const;

describe('notice runs (eligible --issue)', () => {
  it('a reminder asked for `due` covers exactly those due, and records the statuses it covered', async () => {
    const { engine } = await city();
    const notices = engine.session('admin.sato', 'notices');
    const due = await notices.eligible({ ...hib, statuses: ['due'] });
    const missed = await notices.eligible({ ...hib, statuses: ['missed'] });
    expect(due.length).toBeGreaterThan(0);
    expect(missed.length).toBeGreaterThan(0);
    const run = await notices.issueNotices('reminder', { ...hib, statuses: ['due'] });
    expect(run.notices.map((n) => n.residentId).sort()).toEqual(due.map((r) => r.residentId).sort());
    expect(run.criteria.statuses).toEqual(['due']);
    const events: unknown[] = [];
    for await (const e of engine.store.readAll()) if (e.type === 'NoticesIssued') events.push(e.data);
    expect(events).toMatchObject([{ kind: 'reminder', criteria: { statuses: ['due'] }, residentIds: due.map((r) => r.residentId) }]);
  });

  it('a status the kind does not go to is refused', async () => {
    const { engine } = await city();
    await expect(engine.session('admin.sato', 'notices').issueNotices('ticket', { ...hib, statuses: ['missed'] })).rejects.toMatchObject({ code: 'invalid-status', kind: 'invalid-input' });
  });

  it('the same mailing again within 30 days is refused unless a reason is given; the reason is on the record', async () => {
    const { engine, advance } = await city();
    const notices = engine.session('admin.sato', 'notices');
    const first = await notices.issueNotices('reminder', { ...hib, statuses: ['due'] });
    advance(1);
    // The next day's date reaches the same people: the same mailing.
    await expect(notices.issueNotices('reminder', { ...hib, date: '2026-04-02', statuses: ['due'] })).rejects.toMatchObject({ code: 'notices-issued-recently' });
    await expect(notices.issueNotices('reminder', { ...hib, statuses: ['due'] })).rejects.toThrow(first.runId);
    // Other criteria are another mailing.
    await notices.issueNotices('reminder', { ...hib, statuses: ['missed'] });
    await notices.issueNotices('ticket', { ...hib, statuses: ['due'] });
    await expect(notices.issueNotices('reminder', { ...hib, statuses: ['due'] }, { again: '123456789018 の再送' })).rejects.toMatchObject({ code: 'my-number-in-text' });
    const again = await notices.issueNotices('reminder', { ...hib, statuses: ['due'] }, { again: '宛先不明の返戻分を再送' });
    expect(again.runId).not.toBe(first.runId);
    advance(31);
    await notices.issueNotices('reminder', { ...hib, date: '2026-05-03', statuses: ['due'] });
    const runs: Array<{ again?: string }> = [];
    for await (const e of engine.store.readAll()) if (e.type === 'NoticesIssued') runs.push(e.data as { again?: string });
    expect(runs.map((r) => r.again ?? null)).toEqual([null, null, null, '宛先不明の返戻分を再送', null]);
    const rejected = await engine.session('admin.sato', 'audit').operationLog({ outcome: 'rejected' });
    expect(rejected.map((e) => e.reason)).toEqual(['notices-issued-recently', 'notices-issued-recently']);
  });
});
