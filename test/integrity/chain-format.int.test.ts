import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainHashV1, GENESIS_HASH } from '@vaxledger/domain';
import { SqliteEventStore, SqliteProjectionStore } from '@vaxledger/adapters';
import { verifyStore } from '@vaxledger/projections';
import { anEvent, collect, TENANT } from '../support/events.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();
let n = 0;
const stream = (id: string) => `${TENANT}/resident/${id}`;

/** A bare store (no codec, so data is stored as its canonical plaintext) with three streams of events. */
async function filledStore(prepare?: (db: Database.Database) => void): Promise<string> {
  const file = join(dir, `chain-${++n}.db`);
  let store = SqliteEventStore.open(file);
  if (prepare) {
    prepare(store.db);
    await store.close();
    store = SqliteEventStore.open(file);
  }
  for (const id of ['a', 'b', 'c']) {
    await store.append(stream(id), [anEvent({ n: 1, name: '仙台 太郎' }), anEvent({ n: 2, list: [1, 'x'] })], { expectedRevision: 'no_stream' });
  }
  await store.close();
  return file;
}

/**
 * verify's chain check over the file. The test events are of a type the domain does not know, so verify also reports
 * each as unreadable; only what the chain finds is kept here.
 */
async function verifyFile(file: string) {
  const store = SqliteEventStore.open(file);
  try {
    const report = await verifyStore(store, new SqliteProjectionStore(store.db), []);
    const chain = report.problems.filter((p) => p.kind !== 'unreadable');
    return { ok: chain.length === 0, events: report.events, firstBadPosition: chain[0]?.position ?? null };
  } finally {
    await store.close();
  }
}

function edit(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.prepare(sql).run();
  } finally {
    db.close();
  }
}

const formatOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM store_meta WHERE key = 'chain_format'").get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
};

describe('chain formats', () => {
  it('marks a new store with format 2, and it verifies', async () => {
    const file = await filledStore();
    expect(formatOf(file)).toBe('2');
    const report = await verifyFile(file);
    expect(report).toMatchObject({ ok: true, events: 6 });
  });

  it('finds data changed behind the store in format 2, even with its content hash recomputed to match', async () => {
    const changed = await filledStore();
    edit(changed, `UPDATE events SET data = replace(data, '"n":2', '"n":3') WHERE position = 4`);
    expect(await verifyFile(changed)).toMatchObject({ ok: false, firstBadPosition: 4 });

    // The forger also fixes the content hash, so the text passes as plaintext content: the link covers the content hash.
    const rehashed = await filledStore();
    const store = SqliteEventStore.open(rehashed);
    const row = (await collect(store.readStoredRows())).find((r) => r.position === 4n)!;
    await store.close();
    const { contentHashOf } = await import('@vaxledger/domain');
    const forgedData = row.dataText.replace('"n":2', '"n":3');
    const forgedHash = contentHashOf(row.type, row.schemaVersion, row.stream, forgedData);
    edit(rehashed, `UPDATE events SET data = '${forgedData.replaceAll("'", "''")}', content_hash = '${forgedHash}' WHERE position = 4`);
    expect(await verifyFile(rehashed)).toMatchObject({ ok: false, firstBadPosition: 4 });
  });

  it('finds metadata changed behind the store in format 2', async () => {
    const file = await filledStore();
    edit(file, `UPDATE events SET metadata = replace(metadata, 'tester.one', 'tester.two') WHERE position = 5`);
    expect(await verifyFile(file)).toMatchObject({ ok: false, firstBadPosition: 5 });
  });

  it('keeps format 1 for a store written in it: rows link as format 1, and it verifies', async () => {
    const file = await filledStore((db) => db.prepare("UPDATE store_meta SET value = '1' WHERE key = 'chain_format'").run());
    expect(formatOf(file)).toBe('1');
    const store = SqliteEventStore.open(file);
    expect(store.chainFormat()).toBe(1);
    let previous = GENESIS_HASH;
    for (const row of await collect(store.readStoredRows())) {
      expect(row.chainHash).toBe(chainHashV1(previous, row));
      previous = row.chainHash;
    }
    await store.close();
    expect(await verifyFile(file)).toMatchObject({ ok: true, events: 6 });
    edit(file, `UPDATE events SET data = replace(data, '"n":2', '"n":3') WHERE position = 2`);
    expect(await verifyFile(file)).toMatchObject({ ok: false, firstBadPosition: 2 });
  });

  it('treats a store that holds events but no mark (written before formats were marked) as format 1', async () => {
    const file = await filledStore((db) => db.prepare("UPDATE store_meta SET value = '1' WHERE key = 'chain_format'").run());
    edit(file, "DELETE FROM store_meta WHERE key = 'chain_format'");
    expect(await verifyFile(file)).toMatchObject({ ok: true, events: 6 });
    expect(formatOf(file)).toBe('1');
  });

  it('refuses to open a store whose mark names a format this version does not know', async () => {
    const file = await filledStore();
    edit(file, "UPDATE store_meta SET value = '3' WHERE key = 'chain_format'");
    expect(() => SqliteEventStore.open(file)).toThrow(expect.objectContaining({ code: 'unknown-chain-format', kind: 'integrity' }));
    expect(formatOf(file)).toBe('3');
  });
});
