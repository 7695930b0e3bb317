// Issue 26, replay: `vaxledger replay --as-of` before and after a batch of registrations, corrections and role changes
// equals a fold of the events up to that instant, computed here by hand from the store's events.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

const TENANT = '041009';
const AUDIT_SECRET = 'audit-secret-for-tests';
const CLERK_SECRET = 'clerk-secret-for-tests';

interface StoredEvent { position: number; recordedAt: string; type: string; data: Record<string, unknown>; tenant: string }

/** The store's events, read back through a fresh engine. */
async function storedEvents(db: string): Promise<StoredEvent[]> {
  const engine = await openSqliteEngine({ file: db, tenant: TENANT, authenticator: hostAuthenticated });
  const events: StoredEvent[] = [];
  try {
    for await (const e of engine.store.readAll()) {
      events.push({ position: Number(e.globalPosition), recordedAt: e.recordedAt, type: e.type, data: e.data as Record<string, unknown>, tenant: e.tenant });
    }
  } finally {
    await engine.close();
  }
  return events;
}

/** The fold by hand: the roster, who is registered, which records exist and their lots, the undecided requests. */
function foldByHand(events: readonly StoredEvent[], instant: string) {
  const upTo = events.filter((e) => e.tenant === TENANT && Date.parse(e.recordedAt) <= Date.parse(instant));
  const operators = new Map<string, { status: string; roles: string[]; purposes: string[] }>();
  const residents = new Set<string>();
  const lots = new Map<string, string | undefined>();
  const requests = new Map<string, string>();
  for (const e of upTo) {
    const d = e.data as { operatorId: string; roles: string[]; purposes: string[]; residentId: string; recordId: string; requestId: string; lot?: string; changes?: { lot?: string } };
    if (e.type === 'OperatorRegistered') operators.set(d.operatorId, { status: 'active', roles: [...d.roles], purposes: [...d.purposes] });
    if (e.type === 'RoleGranted') operators.get(d.operatorId)!.roles.push(...d.roles);
    if (e.type === 'RoleGranted') operators.get(d.operatorId)!.purposes.push(...d.purposes);
    if (e.type === 'RoleRevoked') {
      const o = operators.get(d.operatorId)!;
      o.roles = o.roles.filter((r) => !d.roles.includes(r));
      o.purposes = o.purposes.filter((p) => !d.purposes.includes(p));
    }
    if (e.type === 'OperatorDeactivated') operators.get(d.operatorId)!.status = 'deactivated';
    if (e.type === 'ResidentRegistered') residents.add(d.residentId);
    if (e.type === 'VaccinationRecorded') lots.set(d.recordId, d.lot);
    if (e.type === 'VaccinationCorrected' && d.changes?.lot !== undefined) lots.set(d.recordId, d.changes.lot);
    if (e.type === 'RequestLodged') requests.set(d.requestId, 'lodged');
    if (e.type === 'RequestDecided') requests.delete(d.requestId);
  }
  const roster = [...operators].map(([operatorId, o]) => ({ operatorId, status: o.status, roles: [...o.roles].sort(), purposes: [...o.purposes].sort() }))
    .sort((a, b) => (a.operatorId < b.operatorId ? -1 : 1));
  return { roster, residents: residents.size, records: lots.size, lots, requests: [...requests.keys()].sort(), position: upTo.at(-1)?.position ?? 0 };
}

interface ReplayJson {
  asOf: string; position: number; recordedAt: string | null; fiscalYear: number;
  counts: Array<{ projection: string; documents: number }>;
  operators: Array<{ operatorId: string; status: string; roles: string[]; purposes: string[] }>;
  requests: Array<{ requestId: string; status: string }>;
  suspense: Array<{ slipId: string; status: string }>;
  statistics: { fiscalYear: number };
  resident?: { residentId: string; ledger: { records: Array<{ recordId: string; fields: { lot?: string } }> } | null };
}

describe('vaxledger replay --as-of', () => {
  it('before and after a batch of registrations, corrections and role changes, shows the fold of the events up to then', async () => {
    const db = join(tempDir(), 'replay.db');
    const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, authenticator: hostAuthenticated, clock: steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000) });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const admin = engine.session('admin.sato', 'administration');
    await admin.registerOperator('audit.mori', ['audit'], ['audit'], { secret: AUDIT_SECRET });
    await admin.registerOperator('clerk.tanaka', ['registration'], ['registration'], { secret: CLERK_SECRET });
    await admin.registerOperator('clerk.kudo', ['registration', 'inquiry'], ['registration', 'inquiry']);
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.registerResident('000001', aResident(1, { birthDate: '2025-05-10' }));
    await clerk.registerResident('000002', aResident(2, { birthDate: '2025-06-10' }));
    const { recordId } = await clerk.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2025-11-01', source: 'counter', lot: 'LOT-A' });
    const privacy = engine.session('admin.sato', 'disclosure');
    const first = await privacy.lodgeRequest({ residentId: '000002', kind: 'disclosure', receivedOn: '2026-03-31' });
    await engine.close();
    // The instant between the batches: 30 s after the last row of the first (the clock steps a minute per row).
    const midEvents = await storedEvents(db);
    const between = new Date(Date.parse(midEvents.at(-1)!.recordedAt) + 30_000).toISOString();

    const again = await openSqliteEngine({ file: db, tenant: TENANT, authenticator: hostAuthenticated, clock: steppingClock(new Date(Date.parse(between) + 30_000), 60_000) });
    const admin2 = again.session('admin.sato', 'administration');
    const clerk2 = again.session('admin.sato', 'registration');
    await clerk2.registerResident('000003', aResident(3, { birthDate: '2025-07-10' }));
    await clerk2.recordVaccination({ residentId: '000003', vaccine: 'bcg', dose: 1, date: '2025-12-01', source: 'counter', lot: 'LOT-C' });
    await clerk2.correctVaccination({ residentId: '000001', recordId, changes: { lot: 'LOT-B' }, reason: '記入誤り' });
    await admin2.grantRoles('clerk.tanaka', ['inquiry'], ['inquiry']);
    await admin2.revokeRoles('clerk.kudo', ['inquiry'], ['inquiry']);
    await admin2.deactivateOperator('clerk.kudo', '異動');
    await again.session('admin.sato', 'disclosure').decideRequest(first.requestId, 'granted', '全部開示');
    const second = await again.session('admin.sato', 'disclosure').lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-04-01' });
    await again.close();
    const allEvents = await storedEvents(db);
    const after = new Date(Date.parse(allEvents.at(-1)!.recordedAt) + 30_000).toISOString();

    const as = ['--db', db, '--operator', 'audit.mori'];
    const audit = { VAXLEDGER_SECRET: AUDIT_SECRET };
    const early = await runCli(['replay', ...as, '--as-of', between, '--json', '--resident', '000001'], audit);
    expect(early.stderr).toBe('');
    expect(early.code).toBe(0);
    const late = await runCli(['replay', ...as, '--as-of', after, '--json', '--resident', '000001'], audit);
    expect(late.code).toBe(0);

    for (const [run, instant, requestIds] of [[early, between, [first.requestId]], [late, after, [second.requestId]]] as const) {
      const replay = JSON.parse(run.stdout) as ReplayJson;
      const hand = foldByHand(allEvents, instant);
      expect(replay.asOf).toBe(instant);
      expect(replay.position).toBe(hand.position);
      expect(replay.operators).toEqual(hand.roster);
      const count = (name: string) => replay.counts.find((c) => c.projection === name)?.documents;
      expect(count('residents')).toBe(hand.residents);
      expect(count('ledger')).toBe(hand.records);
      expect(count('operators')).toBe(hand.roster.length);
      expect(replay.requests.map((r) => r.requestId).sort()).toEqual(hand.requests);
      expect(hand.requests).toEqual([...requestIds].sort());
      expect(replay.suspense).toEqual([]);
      expect(replay.fiscalYear).toBe(2026);
      expect(replay.statistics.fiscalYear).toBe(2026);
      expect(replay.resident?.ledger?.records.map((r) => r.fields.lot)).toEqual([hand.lots.get(recordId)]);
    }
    // The fold by hand tells the two instants apart: a corrected lot, a third resident, changed roles, a deactivation.
    const handEarly = foldByHand(allEvents, between);
    const handLate = foldByHand(allEvents, after);
    expect([handEarly.lots.get(recordId), handLate.lots.get(recordId)]).toEqual(['LOT-A', 'LOT-B']);
    expect([handEarly.residents, handLate.residents]).toEqual([2, 3]);
    expect(handLate.roster.find((o) => o.operatorId === 'clerk.kudo')).toEqual({ operatorId: 'clerk.kudo', status: 'deactivated', roles: ['registration'], purposes: ['registration'] });
    expect(handLate.roster.find((o) => o.operatorId === 'clerk.tanaka')?.roles).toEqual(['inquiry', 'registration']);

    // --out writes one file per part, each with the position it reflects; no personal data unless --resident.
    const out = join(tempDir(), 'replay-out');
    const files = await runCli(['replay', ...as, '--as-of', between, '--out', out], audit);
    expect(files.code).toBe(0);
    for (const name of ['counts.json', 'statistics.json', 'operators.json', 'requests.json', 'suspense.json']) {
      const content = JSON.parse(readFileSync(join(out, name), 'utf8')) as { position: number; asOf: string };
      expect([name, content.position, content.asOf]).toEqual([name, handEarly.position, between]);
      expect(statSync(join(out, name)).mode & 0o077).toBe(0);
    }
    expect(existsSync(join(out, 'resident-000001.json'))).toBe(false);
    expect(readFileSync(join(out, 'requests.json'), 'utf8')).not.toContain('000002');

    // The text summary is Japanese, times in JST.
    const text = await runCli(['replay', ...as, '--as-of', between], audit);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('再現: ');
    expect(text.stdout).toContain('JST');
    expect(text.stdout).toContain('未決定の請求: 1件');
    expect(text.stdout).toMatch(/clerk\.kudo\s+有効/);
    expect(text.stdout).toContain('開示請求  受付');

    // Each replay is on the record (replay.view), and a clerk is denied (exit 3).
    const denied = await runCli(['replay', '--db', db, '--operator', 'clerk.tanaka', '--purpose', 'registration', '--as-of', after], { VAXLEDGER_SECRET: CLERK_SECRET });
    expect(denied.code).toBe(3);
    const log = await runCli(['oplog', ...as, '--action', 'replay.view', '--json'], audit);
    const entries = JSON.parse(log.stdout) as Array<{ outcome: string; operator: string; resident?: string }>;
    expect(entries.map((e) => [e.operator, e.outcome, e.resident ?? null])).toEqual([
      ['audit.mori', 'allowed', '000001'], ['audit.mori', 'allowed', '000001'], ['audit.mori', 'allowed', null], ['audit.mori', 'allowed', null], ['clerk.tanaka', 'denied', null],
    ]);
  }, cliTimeout(7));
});
