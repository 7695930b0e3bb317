import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { MemoryKeyStore } from '@vaxledger/adapters';
import { openEsdbEngine } from '@vaxledger/adapters/eventstoredb';
import { EsdbDouble } from '../support/esdb-double.ts';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

describe('the engine on the EventStoreDB store', () => {
  it('seals personal items in what it sends to the database, shares it between processes, erases by key and verifies', async () => {
    const server = new EsdbDouble();
    const keyStore = new MemoryKeyStore(); // shared by both "processes", as the port requires
    const clock = steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000);
    const first = await openEsdbEngine({ client: server.client(), tenant: TENANT, keyStore, clock, projectionFile: join(tempDir(), 'projections.db'), authenticator: hostAuthenticated });
    await first.initTenant('admin.sato');
    const clerk = first.session('admin.sato', 'registration');
    await clerk.registerResident('000001', aResident(1, { birthDate: '2025-01-10' }));
    await clerk.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 1, date: '2025-03-15', source: 'clinic-slip', lot: 'LOT-SEALED-1' });

    // A second process, projections in memory: it sees the first one's writes and adds its own.
    const second = await openEsdbEngine({ client: server.client(), tenant: TENANT, keyStore, clock, authenticator: hostAuthenticated });
    expect((await second.session('admin.sato', 'inquiry').viewLedger('000001')).records.map((r) => r.fields.lot)).toEqual(['LOT-SEALED-1']);
    await second.session('admin.sato', 'registration').recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 2, date: '2025-04-20', source: 'clinic-slip' });
    expect((await clerk.viewLedger('000001')).records).toHaveLength(2);

    // Nothing personal reaches the database in clear.
    const everything = JSON.stringify(await readEverything(server));
    for (const clear of [aResident(1).kanaName, aResident(1).kanjiName, aResident(1).address, 'LOT-SEALED-1']) expect(everything).not.toContain(clear);

    expect((await second.verify()).ok).toBe(true);
    await second.session('admin.sato', 'administration').erase('000001', { reason: '試験のための消去' });
    await expect(first.session('admin.sato', 'inquiry').viewLedger('000001')).rejects.toMatchObject({ code: 'unknown-resident' });
    expect((await first.verify()).ok).toBe(true);
    await first.close();
    await second.close();
  });
});

async function readEverything(server: EsdbDouble): Promise<unknown[]> {
  const out: unknown[] = [];
  const client = server.client();
  for (const stream of server.streamNames()) for await (const r of client.readStream(stream, { fromRevision: 'start', maxCount: 1_000_000, direction: 'forwards' })) out.push(r.event?.data);
  return out;
}

describe('extraction on the EventStoreDB store', () => {
  it('an engine\'s eligibility index takes in what another process registered', async () => {
    const server = new EsdbDouble();
    const keyStore = new MemoryKeyStore();
    const clock = steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000);
    const a = await openEsdbEngine({ client: server.client(), tenant: TENANT, keyStore, clock, authenticator: hostAuthenticated });
    await a.initTenant('admin.sato');
    await a.session('admin.sato', 'registration').registerResident('000001', aResident(1, { birthDate: '2026-01-10' }));
    const query = { vaccine: 'hib' as const, dose: 1, date: '2026-04-01', statuses: ['due', 'complete'] as ('due' | 'complete')[] };
    expect((await a.session('admin.sato', 'notices').eligible(query)).map((r) => r.residentId)).toEqual(['000001']);
    const b = await openEsdbEngine({ client: server.client(), tenant: TENANT, keyStore, clock, authenticator: hostAuthenticated });
    await b.session('admin.sato', 'registration').registerResident('000002', aResident(2, { birthDate: '2026-01-20' }));
    await b.session('admin.sato', 'registration').recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 1, date: '2026-03-15', source: 'clinic-slip' });
    const rows = await a.session('admin.sato', 'notices').eligible(query);
    expect(rows.map((r) => [r.residentId, r.status])).toEqual([['000001', 'complete'], ['000002', 'due']]);
    await a.close();
    await b.close();
  });
});
