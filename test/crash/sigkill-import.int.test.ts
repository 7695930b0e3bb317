import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine, SqliteEventStore } from '@vaxledger/adapters';
import { onLines, REPO_ROOT, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { seededRandom, testSeed } from '../support/random.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';

const ROWS = 20_000;
const KILLS = 8;
const SEED = testSeed(20_260_419);

/**
 * The steps the import announces before its batch is committed (reading, matching, the start of the append). A kill is
 * sent at one of them, after a short delay: it lands anywhere from parsing to inside the append's transaction or just
 * after it, and always before the import has finished (the projections' catch-up of 20,000 events follows).
 */
const STEPS = ['reading 0 1', 'reading 1 1', `matching 0 ${ROWS}`, `matching 10000 ${ROWS}`, `appending 0 ${ROWS}`];
const MAX_DELAY_MS = 40;

type Run = { killed: boolean; stepSeen: boolean; summary?: { events: number; alreadyImported: boolean } };

function runImport(db: string, file: string, kill: { step: string; delayMs: number } | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(join(REPO_ROOT, 'test/crash/import-worker.ts'), [db, file]);
    let stderr = '';
    let stepSeen = false;
    let summary: Run['summary'];
    child.stderr.on('data', (d) => (stderr += d));
    onLines(child, (line) => {
      if (kill && line === `PROGRESS ${kill.step}`) {
        stepSeen = true;
        setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
      if (line.startsWith('DONE ')) summary = JSON.parse(line.slice(5));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, stepSeen, ...(summary ? { summary } : {}) });
      else if (code === 0) resolve({ killed: false, stepSeen, ...(summary ? { summary } : {}) });
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

async function verifies(db: string): Promise<boolean> {
  const check = await openSqliteEngine({ file: db, authenticator: hostAuthenticated });
  try {
    return (await check.verify()).ok;
  } finally {
    await check.close();
  }
}

describe('crash safety of a large import (SIGKILL part-way)', () => {
  it(`leaves the batch absent or whole after each of ${KILLS} kills; re-running completes it exactly once`, async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const rows = [REGISTRY_HEADER];
    for (let i = 1; i <= ROWS; i++) {
      rows.push(registryRow({ id: String(i).padStart(7, '0'), kana: 'シケン タロウ', kanji: '試験 太郎', birth: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? '1' : '2', address: `仙台市青葉区試験町${i}` }));
    }
    writeFileSync(file, csvBytes(rows));
    let stores = 0;
    const freshStore = async (): Promise<{ db: string; base: number }> => {
      const db = join(dir, `import-${stores++}.db`);
      const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
      await engine.initTenant('admin.sato');
      await engine.close();
      return { db, base: census(db).total };
    };

    const random = seededRandom(SEED);
    let store = await freshStore();
    for (let k = 0; k < KILLS; k++) {
      const kill = { step: STEPS[Math.floor(random() * STEPS.length)]!, delayMs: Math.floor(random() * MAX_DELAY_MS) };
      const where = `kill ${k + 1} at "${kill.step}" + ${kill.delayMs} ms (VAXLEDGER_TEST_SEED=${SEED})`;
      const run = await runImport(store.db, file, kill);
      // The kill landed while the import was in progress: after the step it was aimed at, before the import ended.
      expect(run.stepSeen, where).toBe(true);
      expect(run.killed, where).toBe(true);
      expect(run.summary, where).toBeUndefined();
      // Absent or whole: never a part of the file's registrations, and the batch record only with all of them.
      const c = census(store.db);
      if (c.batches === 0) {
        expect(c.registered, where).toBe(0);
        expect(c.total, where).toBe(store.base);
      } else {
        expect(c, where).toEqual({ registered: ROWS, batches: 1, total: store.base + ROWS + 1 });
        // The batch landed before the kill: running the import again adds nothing; the next kills go to a new store.
        const again = await runImport(store.db, file, null);
        expect(again.summary, where).toMatchObject({ events: 0, alreadyImported: true });
        expect(census(store.db).total, where).toBe(store.base + ROWS + 1);
        expect(await verifies(store.db), where).toBe(true);
        store = await freshStore();
      }
    }
    const final = await runImport(store.db, file, null);
    expect(final.killed).toBe(false);
    expect(final.summary!.events).toBe(ROWS);
    expect(census(store.db)).toEqual({ registered: ROWS, batches: 1, total: store.base + ROWS + 1 }); // the registrations and the batch record, once
    expect(await verifies(store.db)).toBe(true);
  }, 600_000);
});
