import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { EventCodec } from '@vaxledger/domain';
import { SqliteEventStore, SqliteProjectionStore } from '@vaxledger/adapters';
import { verifyStore } from '@vaxledger/projections';
import { testMetadata, TENANT } from '../support/events.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();
let n = 0;

/**
 * Seals the data of events that carry a `secret` (as the subject cipher seals personal items), so that the store
 * holds both kinds of row: data stored as its canonical plaintext, and data stored as other text.
 */
const testCodec: EventCodec = {
  prepare: async () => undefined,
  prepareRows: async () => undefined,
  seal: (_t, _s, _id, _type, data) => ((data as Record<string, unknown>).secret !== undefined
    ? { sealed: Buffer.from(JSON.stringify(data)).toString('base64') } : data),
  open: (_t, _s, _id, _type, data) => {
    const d = data as { sealed?: string };
    return d.sealed !== undefined ? JSON.parse(Buffer.from(d.sealed, 'base64').toString()) : data;
  },
};

const COLUMNS = ['id', 'tenant', 'stream', 'revision', 'type', 'schema_version', 'recorded_at', 'content_hash', 'metadata', 'data', 'chain_hash'] as const;

const anEventData = fc.record({
  text: fc.string({ unit: 'grapheme', maxLength: 12 }),
  count: fc.integer(),
  secret: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), { nil: undefined }),
}, { requiredKeys: ['text', 'count'] });

async function storeWith(events: ReadonlyArray<{ stream: number; data: Record<string, unknown> }>): Promise<string> {
  const file = join(dir, `tamper-${++n}.db`);
  const store = SqliteEventStore.open(file, { codec: testCodec });
  for (const e of events) {
    await store.append(`${TENANT}/resident/r${e.stream}`, [{ id: randomUUID(), type: 'TestHappened', schemaVersion: 1, data: e.data, metadata: testMetadata() }], { expectedRevision: 'any' });
  }
  await store.close();
  return file;
}

/** Where verify's chain check first finds a problem (rows of an unknown type are also reported unreadable; not counted). */
async function firstChainProblem(file: string): Promise<number | null> {
  const store = SqliteEventStore.open(file, { codec: testCodec });
  try {
    const report = await verifyStore(store, new SqliteProjectionStore(store.db), [], testCodec);
    return report.problems.find((p) => p.kind !== 'unreadable')?.position ?? null;
  } finally {
    await store.close();
  }
}

/** A different character at `index` (numbers get a distant value, so that unique indexes still hold). */
function tampered(value: string | number, index: number): string | number {
  if (typeof value === 'number') return value + 1000;
  const i = index % value.length;
  const replacement = value[i] === 'a' ? 'b' : 'a';
  return value.slice(0, i) + replacement + value.slice(i + 1);
}

describe('tamper evidence, chain format 2 (property)', () => {
  it('finds any one changed character in any column of any row, at that row, with data stored plain or sealed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ stream: fc.integer({ min: 0, max: 3 }), data: anEventData }), { minLength: 1, maxLength: 12 }),
        fc.nat(), fc.constantFrom(...COLUMNS), fc.nat(),
        async (events, rowChoice, column, charChoice) => {
          const file = await storeWith(events);
          expect(await firstChainProblem(file)).toBeNull();
          const position = (rowChoice % events.length) + 1;
          const db = new Database(file);
          try {
            const row = db.prepare(`SELECT ${column} AS v FROM events WHERE position = ?`).get(position) as { v: string | number };
            db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(tampered(row.v, charChoice), position);
          } finally {
            db.close();
          }
          expect(await firstChainProblem(file)).toBe(position);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
