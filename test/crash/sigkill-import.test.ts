import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine, SqliteEventStore } from '@vaxledger/adapters';
import { onLines, REPO_ROOT, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';

const ROWS = 20_000;
const KILLS = 8;

function runImport(db: string, file: string, killAfterMs: number | null): Promise<{ killed: boolean; summary?: { events: number; alreadyImported: boolean } }> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(join(REPO_ROOT, 'test/crash/import-worker.ts'), [db, file]);
    let stderr = '';
    let summary: { events: number; alreadyImported: boolean } | undefined;
    child.stderr.on('data', (d) => (stderr += d));
    onLines(child, (line) => {
      if (line === 'READY' && killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      if (line.startsWith('DONE ')) summary = JSON.parse(line.slice(5));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, ...(summary ? { summary } : {}) });
      else if (code === 0) resolve({ killed: false, ...(summary ? { summary } : {}) });
      else reject(new Error(`import worker failed: ${stderr.slice(0, 800)}`));
    });
  });
}

/** How many registrations and batch records the store holds. */
function census(db: string): { registered: number; batches: number; total: number } {
  const store = SqliteEventStore.open(db);
  try {
    const row = store.db.prepare(
      "SELECT sum(type = 'ResidentRegistered') AS registered, sum(type = 'ImportBatchRecorded') AS batches, count(*) AS total FROM events").get() as { registered: number; batches: number; total: number };
    return { registered: row.registered ?? 0, batches: row.batches ?? 0, total: row.total };
  } finally {
    void store.close();
  }
}

describe('crash safety of a large import (SIGKILL part-way)', () => {
  it(`leaves the batch absent or whole after each of ${KILLS} kills; re-running completes it exactly once`, async () => {
    const dir = tempDir();
    const db = join(dir, 'import.db');
    const file = join(dir, 'big.csv');
    const rows = [REGISTRY_HEADER];
    for (let i = 1; i <= ROWS; i++) {
      rows.push(registryRow({ id: String(i).padStart(7, '0'), kana: 'シケン タロウ', kanji: '試験 太郎', birth: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? '1' : '2', address: `仙台市青葉区試験町${i}` }));
    }
    writeFileSync(file, csvBytes(rows));
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true });
    await engine.initTenant('admin.sato');
    await engine.close();
    const base = census(db).total;

    let completedAt = -1;
    for (let k = 0; k < KILLS; k++) {
      const run = await runImport(db, file, Math.floor(Math.random() * 3000));
      const c = census(db);
      // Absent or whole: never a part of the file's registrations, and the batch record only with all of them.
      if (c.batches === 0) expect(c.registered).toBe(0);
      else {
        expect(c.batches).toBe(1);
        expect(c.registered).toBe(ROWS);
        if (completedAt < 0) completedAt = k;
      }
      if (!run.killed) expect(run.summary).toBeDefined();
    }
    const final = await runImport(db, file, null);
    expect(final.killed).toBe(false);
    expect(final.summary!.events).toBe(completedAt < 0 ? ROWS : 0);
    const c = census(db);
    expect(c).toEqual({ registered: ROWS, batches: 1, total: expect.any(Number) });
    expect(c.total).toBe(base + ROWS + 1); // the registrations and the batch record, once
    const check = await openSqliteEngine({ file: db });
    expect((await check.verify()).ok).toBe(true);
    await check.close();
  }, 300_000);
});
