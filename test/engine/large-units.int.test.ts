// Issue 20, item 7: large units on EventStoreDB. A notice run and a full 副本 export list every person they cover;
// as one event, 100,000 persons made an event over the server's 1 MiB append limit (the double refuses it as the
// server does). Such lists are split across the events of one unit, and read back whole; and a commit that loses a
// race after staging its rows leaves no orphan staging stream.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { hostAuthenticated, steppingClock, type EventStore } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { EsdbEventStore } from '@vaxledger/adapters/eventstoredb';
import { EsdbDouble } from '../support/esdb-double.ts';
import { collect, testMetadata, TENANT } from '../support/events.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';

/** Enough persons that their ids alone (10 digits each) pass 1 MiB in one event. */
const PERSONS = 100_000;
const MIB = 1024 * 1024;

const idOf = (i: number) => String(i).padStart(10, '0');
const birthOf = (i: number) => new Date(Date.UTC(2025, 9, 1 + (i % 60))).toISOString().slice(0, 10);

async function eventsOf(store: EventStore, type: string) {
  return (await collect(store.readAll())).filter((e) => e.type === type);
}

describe('a notice run and a full 副本 export of 100,000 persons on the EventStoreDB double (1 MiB append limit)', () => {
  it('are split across the events of one unit, each under the limit, and read back whole', async () => {
    const server = new EsdbDouble();
    const store = await EsdbEventStore.open(server.client());
    const clock = steppingClock(new Date('2026-03-25T00:00:00Z'), 1);
    const engine = createEngine({ store, tenant: TENANT, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const clerk = engine.session('admin.sato', 'registration');
    const registry = [REGISTRY_HEADER];
    const slips = [SLIP_HEADER];
    for (let i = 1; i <= PERSONS; i++) {
      registry.push(registryRow({ id: idOf(i), kana: 'シケン タロウ', kanji: '試験 太郎', birth: birthOf(i), sex: '1', address: `仙台市青葉区試験町${i}` }));
      slips.push(slipRow({ id: idOf(i), kana: 'シケン タロウ', birth: birthOf(i), sex: '1', vaccine: 'hib', dose: '1', date: '2026-03-10' }));
    }
    expect((await clerk.importRegistry(csvBytes(registry), { fileName: 'full.csv' })).events).toBe(PERSONS);

    // 接種券 for everyone due the first Hib dose: one run of 100,000 persons.
    const run = await engine.session('admin.sato', 'notices').issueNotices('ticket', { vaccine: 'hib', dose: 1, date: '2026-03-25' });
    expect(run.notices).toHaveLength(PERSONS);
    const parts = await eventsOf(store, 'NoticesIssued');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p.data))).toBeLessThan(MIB);
    const listed = parts.flatMap((p) => (p.data as { residentIds: string[] }).residentIds);
    expect(new Set(listed).size).toBe(PERSONS);
    expect(parts.map((p) => (p.data as { part?: { index: number; of: number } }).part)).toEqual(parts.map((_, index) => ({ index, of: parts.length })));

    // A 副本 export of the same persons' records (none has a 統合宛名番号: all are listed as unlinked).
    const imported = await clerk.importSlips(csvBytes(slips), { fileName: 'slips.csv' });
    expect(imported.events).toBe(PERSONS);
    const chunks: Uint8Array[] = [];
    const exported = await engine.session('admin.sato', 'linkage').exportCopies({ full: true, write: async (c) => { chunks.push(c); } });
    expect(exported.unlinked).toBe(PERSONS);
    const copyParts = await eventsOf(store, 'CopiesExported');
    expect(copyParts.length).toBeGreaterThan(1);
    for (const p of copyParts) expect(Buffer.byteLength(JSON.stringify(p.data))).toBeLessThan(MIB);
    expect(new Set(copyParts.flatMap((p) => (p.data as { unlinked: string[] }).unlinked)).size).toBe(PERSONS);
    // The file is found as one export, whatever the number of its events.
    const found = await engine.session('admin.sato', 'audit').findCopyExport(Buffer.concat(chunks));
    expect(found?.exportId).toBe(exported.exportId);

    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
  }, 900_000);
});

describe('a commit that loses a race after staging its rows', () => {
  it('leaves no orphan staging stream', async () => {
    // Round trips take time, so that another process commits while this one is staging.
    const server = new EsdbDouble(MIB, 3);
    const big = await EsdbEventStore.open(server.client(), { inlineBytes: 2_000 });
    const other = await EsdbEventStore.open(server.client());
    const event = (n: number) => ({ id: randomUUID(), type: 'TestHappened', schemaVersion: 1, data: { n, text: 'x'.repeat(500) }, metadata: testMetadata() });
    const large = big.append(`${TENANT}/resident/big`, Array.from({ length: 40 }, (_, i) => event(i)), { expectedRevision: 'any' });
    const small = other.append(`${TENANT}/resident/small`, [event(0)], { expectedRevision: 'any' });
    await Promise.all([large, small]);
    expect(server.conflicts).toBeGreaterThan(0);

    const check = await EsdbEventStore.open(server.client());
    expect((await collect(check.readAll())).length).toBe(41);
    const referenced = new Set<string>();
    for await (const r of server.client().readStream('vaxledger-log', { fromRevision: 'start', maxCount: 1000, direction: 'forwards' })) {
      const staged = (r.event?.data as { staged?: string }).staged;
      if (staged) referenced.add(staged);
    }
    const stagingStreams = server.streamNames().filter((s) => s.startsWith('vaxledger-staged-'));
    expect(stagingStreams.length).toBeGreaterThan(0);
    expect(stagingStreams.filter((s) => !referenced.has(s))).toEqual([]);
    for (const s of [big, other, check]) await s.close();
  });
});

describe('the same units on the other stores', () => {
  it('a split run reads back whole from the memory store too (the parts are ordinary events of one unit)', async () => {
    const store = new MemoryEventStore();
    const engine = createEngine({ store, tenant: TENANT, clock: steppingClock(new Date('2026-03-25T00:00:00Z'), 1), authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const rows = [REGISTRY_HEADER];
    for (let i = 1; i <= 25_000; i++) rows.push(registryRow({ id: idOf(i), kana: 'シケン タロウ', kanji: '試験 太郎', birth: birthOf(i), sex: '2', address: `仙台市青葉区試験町${i}` }));
    await engine.session('admin.sato', 'registration').importRegistry(csvBytes(rows), { fileName: 'full.csv' });
    const run = await engine.session('admin.sato', 'notices').issueNotices('reminder', { vaccine: 'hib', dose: 1, date: '2026-03-25' });
    const parts = await eventsOf(store, 'NoticesIssued');
    expect(parts.length).toBe(3);
    expect(parts.flatMap((p) => (p.data as { residentIds: string[] }).residentIds)).toEqual(run.notices.map((n) => n.residentId));
    expect((await engine.verify()).ok).toBe(true);
  }, 300_000);
});
