import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteEventStore } from '@vaxledger/adapters';
import { anEvent, collect } from '../support/events.ts';
import { onLines, spawnTs, REPO_ROOT } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

const ROUNDS = 30;

function startWorker(file: string, name: string) {
  const child = spawnTs(join(REPO_ROOT, 'test/contract/race-worker.ts'), [file, name]);
  const results = new Map<number, string>();
  const waiters = new Map<number, () => void>();
  const ready = new Promise<void>((resolve) => {
    onLines(child, (line) => {
      if (line === 'READY') return resolve();
      const [outcome, round] = line.split(' ');
      results.set(Number(round), outcome!);
      waiters.get(Number(round))?.();
    });
  });
  const result = (round: number) =>
    new Promise<string>((resolve) => {
      if (results.has(round)) resolve(results.get(round)!);
      else waiters.set(round, () => resolve(results.get(round)!));
    });
  return { child, ready, result };
}

describe('sqlite store shared by two processes', () => {
  it('lets exactly one of two processes win each race at the same expected revision; nothing lost or duplicated', async () => {
    const file = join(tempDir(), 'race.db');
    const seed = SqliteEventStore.open(file);
    for (let r = 0; r < ROUNDS; r++) await seed.append(`041009/resident/race${r}`, [anEvent({ seed: r })], { expectedRevision: 'no_stream' });
    await seed.close();

    const a = startWorker(file, 'a');
    const b = startWorker(file, 'b');
    await Promise.all([a.ready, b.ready]);
    for (let r = 0; r < ROUNDS; r++) {
      a.child.stdin.write(`go ${r}\n`);
      b.child.stdin.write(`go ${r}\n`);
      const outcomes = [await a.result(r), await b.result(r)].sort();
      expect(outcomes, `round ${r}`).toEqual(['CONFLICT', 'WIN']);
    }
    a.child.stdin.end();
    b.child.stdin.end();
    await Promise.all([new Promise((r) => a.child.on('close', r)), new Promise((r) => b.child.on('close', r))]);

    const store = SqliteEventStore.open(file);
    const all = await collect(store.readAll());
    expect(all.length).toBe(ROUNDS * 2);
    expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => BigInt(i + 1)));
    for (let r = 0; r < ROUNDS; r++) expect((await collect(store.readStream(`041009/resident/race${r}`))).length).toBe(2);
    await store.close();
  });
});
