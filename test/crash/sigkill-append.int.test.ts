import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteEventStore, SqliteProjectionStore } from '@vaxledger/adapters';
import { ALL_PROJECTIONS, verifyStore } from '@vaxledger/projections';
import { onLines, spawnTs, REPO_ROOT } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { batchEventId, batchSize } from '../support/vaccination-batches.ts';

const KILLS = Number(process.env.VAXLEDGER_CRASH_KILLS ?? 50);
const WORKER = join(REPO_ROOT, 'test/crash/append-worker.ts');

/** Runs the worker until a random moment after it is ready, kills it with SIGKILL, returns the batches it acknowledged. */
function runAndKill(file: string, start: number, delayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawnTs(WORKER, [file, String(start)]);
    const acked: number[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    onLines(child, (line) => {
      if (line === 'READY') setTimeout(() => child.kill('SIGKILL'), delayMs);
      else if (line.startsWith('ACK ')) acked.push(Number(line.slice(4)));
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`worker ended without being killed: ${stderr.slice(0, 500)}`));
      else resolve(acked);
    });
  });
}

describe('crash safety (SIGKILL during appends and projection commits)', () => {
  it(`keeps every acknowledged batch whole and no batch partial, over ${KILLS} kills`, async () => {
    const file = join(tempDir(), 'crash.db');
    const acknowledged = new Set<number>();
    let start = 0;
    for (let round = 0; round < KILLS; round++) {
      // Kill anywhere from straight after start-up to well into a run of appends.
      const acked = await runAndKill(file, start, Math.floor(Math.random() * 250));
      for (const b of acked) acknowledged.add(b);
      // The next run uses new batch numbers; batches in flight at the kill may or may not be stored.
      start += 100_000;

      const store = SqliteEventStore.open(file);
      try {
        const seen = new Map<number, { n: number; count: number }>();
        for await (const e of store.readAll()) {
          const [b, , n] = String((e.data as { remarks: string }).remarks).split(':').map(Number) as [number, number, number];
          const s = seen.get(b) ?? { n, count: 0 };
          s.count++;
          seen.set(b, s);
        }
        for (const [b, s] of seen) expect(s.count, `batch ${b} is partial`).toBe(s.n);
        for (const b of acknowledged) {
          expect(seen.get(b)?.count, `acknowledged batch ${b} is missing`).toBe(batchSize(b));
          const ids = new Set<string>();
          for await (const e of store.readStream(`041009/vaccination/c${b % 13}`)) ids.add(e.id);
          expect(ids.has(batchEventId(b, 0))).toBe(true);
        }
        const report = await verifyStore(store, new SqliteProjectionStore(store.db), ALL_PROJECTIONS);
        expect(report.problems).toEqual([]);
      } finally {
        await store.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThan(0);
  }, 600_000);
});
