import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isErasedData, type EventStore, type RecordedEvent } from '@vaxledger/domain';
import { defaultRecentEvents, MemoryKeyStore, SqliteEventStore, SubjectCipher } from '@vaxledger/adapters';
import { tempDir } from '../support/temp.ts';
import { collect, testMetadata } from '../support/events.ts';

const TENANT = '041009';
const registered = (residentId: string) => ({
  id: randomUUID(), type: 'ResidentRegistered', schemaVersion: 1, metadata: testMetadata(),
  data: { residentId, kanaName: 'ヤマダ タロウ', kanjiName: '山田 太郎', sex: 'male', birthDate: '2020-04-01', address: '仙台市青葉区一番町1-1' },
});
const comparable = (events: readonly RecordedEvent[]) => events.map((e) => ({ ...e, data: JSON.parse(JSON.stringify(e.data)) }));

/** The writer reads what it committed last from memory; a fresh reader of the same file is the reference. */
describe('recently committed events served from memory', () => {
  const open = (file: string, cipher: SubjectCipher) => SqliteEventStore.open(file, { codec: cipher, recentEvents: 100_000 });
  const all = (store: EventStore, after = 0n) => collect(store.readAll({ afterPosition: after, pageSize: 7 }));

  it('equal what SQLite holds, from any position, with another writer appending in between; once read they are let go', async () => {
    for (const after of [0n, 3n, 11n, 14n, 16n, 17n]) {
      const file = join(tempDir(), `recent-${after}.db`);
      const cipher = new SubjectCipher(new MemoryKeyStore());
      const writer = open(file, cipher);
      const other = open(file, cipher);
      for (let i = 0; i < 12; i++) {
        await writer.append(`${TENANT}/resident/A${i}`, [registered(`A${i}`)], { expectedRevision: 'no_stream' });
        // Another process's writes break the run this store holds: it must not skip or repeat them.
        if (i % 5 === 4) await other.append(`${TENANT}/resident/B${i}`, [registered(`B${i}`)], { expectedRevision: 'no_stream' });
      }
      await writer.appendMulti([1, 2, 3].map((k) => ({ stream: `${TENANT}/resident/C${k}`, events: [registered(`C${k}`)], expectedRevision: 'no_stream' as const })));
      const reference = SqliteEventStore.open(file, { codec: cipher });
      const expected = comparable(await all(reference, after));
      expect(expected.map((e) => Number(e.globalPosition))).toEqual(Array.from({ length: 17 - Number(after) }, (_, i) => Number(after) + i + 1));
      // The first read is served from memory where it can be; the second, after memory let go, from SQLite.
      expect(comparable(await all(writer, after))).toEqual(expected);
      expect(comparable(await all(writer, after))).toEqual(expected);
      await Promise.all([writer.close(), other.close(), reference.close()]);
    }
  });

  it('are dropped when a key is destroyed: an erased subject is never served in clear from memory', async () => {
    const file = join(tempDir(), 'recent-erased.db');
    const cipher = new SubjectCipher(new MemoryKeyStore());
    const writer = open(file, cipher);
    await writer.append(`${TENANT}/resident/E1`, [registered('E1')], { expectedRevision: 'no_stream' });
    await writer.append(`${TENANT}/resident/E2`, [registered('E2')], { expectedRevision: 'no_stream' });
    expect((await all(writer))[0]!.data).toMatchObject({ kanjiName: '山田 太郎' });
    await cipher.destroy(TENANT, 'E1');
    const [erased, kept] = await all(writer);
    expect(isErasedData(erased!.data)).toBe(true);
    expect(JSON.stringify(erased!.data)).not.toContain('山田');
    expect(kept!.data).toMatchObject({ kanjiName: '山田 太郎' });
    await writer.close();
  });

  it('a unit larger than 10,000 events (prepared inside its transaction) lands whole or not at all, and reads back equal', async () => {
    const file = join(tempDir(), 'recent-large.db');
    const cipher = new SubjectCipher(new MemoryKeyStore());
    // A memory of 3 events: the rows of the unit are let go as it is written, and the last ones kept.
    const writer = SqliteEventStore.open(file, { codec: cipher, recentEvents: 3 });
    const unit = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ stream: `${TENANT}/resident/${prefix}${i}`, events: [registered(`${prefix}${i}`)], expectedRevision: 'no_stream' as const }));
    await writer.append(`${TENANT}/resident/L5`, [registered('L5')], { expectedRevision: 'no_stream' });
    // The last part conflicts (L5 exists): nothing of the unit may land.
    await expect(writer.appendMulti([...unit('K', 10_000), { stream: `${TENANT}/resident/L5`, events: [registered('L5')], expectedRevision: 'no_stream' }])).rejects.toThrow();
    expect((await writer.head()).position).toBe(1n);
    await writer.appendMulti(unit('M', 10_001));
    const reference = SqliteEventStore.open(file, { codec: cipher });
    expect((await reference.head()).position).toBe(10_002n);
    for (const after of [0n, 9_990n, 9_999n, 10_000n]) {
      expect(comparable(await all(writer, after))).toEqual(comparable(await all(reference, after)));
    }
    await Promise.all([writer.close(), reference.close()]);
  });

  it('a large unit that fails while it is prepared fails alone: an append committed with it in the same group lands', async () => {
    const file = join(tempDir(), 'recent-large-bad.db');
    const cipher = new SubjectCipher(new MemoryKeyStore());
    const writer = SqliteEventStore.open(file, { codec: cipher, recentEvents: 3 });
    const parts = Array.from({ length: 10_001 }, (_, i) => ({ stream: `${TENANT}/resident/P${i}`, events: [registered(`P${i}`)], expectedRevision: 'no_stream' as const }));
    // Found only when the writer reaches the last part: large units are prepared part by part inside the transaction.
    parts[10_000] = { ...parts[10_000]!, events: [{ ...registered('P10000'), id: 'not-a-uuid' as ReturnType<typeof randomUUID> }] };
    const [large, small] = await Promise.allSettled([
      writer.appendMulti(parts),
      writer.append(`${TENANT}/resident/S1`, [registered('S1')], { expectedRevision: 'no_stream' }),
    ]);
    expect(large.status).toBe('rejected');
    expect(String((large as PromiseRejectedResult).reason)).toContain('not a UUID');
    expect(small.status).toBe('fulfilled');
    const reference = SqliteEventStore.open(file, { codec: cipher });
    expect((await all(reference)).map((e) => e.stream)).toEqual([`${TENANT}/resident/S1`]);
    await Promise.all([writer.close(), reference.close()]);
  });
});

describe('how many recent events an engine holds by default', () => {
  it('scales with the heap limit, from 10,000 to a full extract of a million residents and their moves', () => {
    expect(defaultRecentEvents(4_144 * 2 ** 20)).toBeGreaterThan(150_000);
    expect(defaultRecentEvents(4_144 * 2 ** 20)).toBeLessThan(250_000);
    expect(defaultRecentEvents(12_288 * 2 ** 20)).toBeGreaterThan(defaultRecentEvents(4_144 * 2 ** 20));
    expect(defaultRecentEvents(64 * 2 ** 30)).toBe(1_100_000);
    expect(defaultRecentEvents(128 * 2 ** 20)).toBe(10_000);
    // This process's own limit gives a bound within the same range.
    expect(defaultRecentEvents()).toBeGreaterThanOrEqual(10_000);
    expect(defaultRecentEvents()).toBeLessThanOrEqual(1_100_000);
  });
});
