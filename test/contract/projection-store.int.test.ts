import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteProjectionStore } from '@vaxledger/adapters';
import { MemoryProjectionStore, type ProjectionStore } from '@vaxledger/projections';
import { tempDir } from '../support/temp.ts';

// Ids where one is a prefix of another, and one that sorts between a person's key and their documents' keys.
const KEYS = ['t/0001', 't/0001/a', 't/0001/b', 't/0001-2', 't/0001-2/a', 't/00010/a', 't/0002/a'];

const stores: Array<[string, () => ProjectionStore]> = [
  ['memory', () => new MemoryProjectionStore()],
  ['sqlite', () => new SqliteProjectionStore(new Database(join(tempDir(), 'p.db')))],
];

describe.each(stores)('projection store (%s): documents under a key prefix', (_name, open) => {
  it('reads and deletes exactly the documents under each prefix', async () => {
    const store = open();
    await store.reset('p', 1);
    await store.commit([{ projection: 'p', expectedCheckpoint: 0, checkpoint: 1, upserts: new Map(KEYS.map((k, i) => [k, { doc: { k }, position: i + 1 }])), deletes: [] }]);

    const under = await store.getDocsUnder('p', ['t/0001/', 't/0002/', 't/0003/']);
    expect([...under.keys()].sort()).toEqual(['t/0001/a', 't/0001/b', 't/0002/a']);
    expect(under.get('t/0001/b')).toEqual({ doc: { k: 't/0001/b' }, position: 3 });

    // A prefix dropped in the same commit as a new document under it: the drop comes first, the new document stays.
    await store.commit([{
      projection: 'p', expectedCheckpoint: 1, checkpoint: 2, deletePrefixes: ['t/0001/'],
      upserts: new Map([['t/0001/c', { doc: { k: 't/0001/c' }, position: 9 }]]), deletes: [],
    }]);
    const left: string[] = [];
    for await (const d of store.scan('p')) left.push(d.key);
    expect(left).toEqual(['t/0001', 't/0001-2', 't/0001-2/a', 't/0001/c', 't/00010/a', 't/0002/a']);
    expect(await store.checkpoint('p')).toBe(2);
  });
});
