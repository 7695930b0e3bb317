import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteEngine, SqliteEventStore } from '@vaxledger/adapters';
import { hostAuthenticated, streams } from '@vaxledger/domain';
import { TENANT, collect } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { cliTimeout, onLines, REPO_ROOT, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

/** Requests raced over: each round one, decided by both processes at the same moment. */
const ROUNDS = 6;

function startWorker(file: string) {
  const child = spawnTs(join(REPO_ROOT, 'test/engine/decide-worker.ts'), [file]);
  const answers = new Map<string, string>();
  const waiting = new Map<string, () => void>();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.on('close', (code) => reject(new Error(`worker exited (${code}): ${stderr.slice(0, 500)}`)));
    onLines(child, (line) => {
      if (line === 'READY') return resolve();
      const [outcome, requestId, code] = line.split(' ');
      answers.set(requestId!, code === undefined ? outcome! : `${outcome} ${code}`);
      waiting.get(requestId!)?.();
    });
  });
  const answer = (requestId: string) => new Promise<string>((resolve) => {
    if (answers.has(requestId)) resolve(answers.get(requestId)!);
    else waiting.set(requestId, () => resolve(answers.get(requestId)!));
  });
  return { child, ready, answer };
}

describe('two processes deciding the same request at once', () => {
  it('lets exactly one decide it: the other is refused, and the request holds one decision', async () => {
    const file = join(tempDir(), 'requests.db');
    const engine = await openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    const requestIds: string[] = [];
    try {
      await engine.initTenant('admin.sato');
      await engine.session('admin.sato', 'administration').registerOperator('privacy.abe', ['disclosure'], ['disclosure']);
      await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
      const privacy = engine.session('privacy.abe', 'disclosure');
      for (let r = 0; r < ROUNDS; r++) {
        requestIds.push((await privacy.lodgeRequest({ residentId: '000001', kind: 'suspension', receivedOn: '2026-01-05' })).requestId);
      }
    } finally {
      await engine.close();
    }

    const a = startWorker(file);
    const b = startWorker(file);
    await Promise.all([a.ready, b.ready]);
    for (const requestId of requestIds) {
      // Both told at once: each reads the request as lodged before either decision is stored.
      a.child.stdin.write(`go ${requestId}\n`);
      b.child.stdin.write(`go ${requestId}\n`);
      const outcomes = [await a.answer(requestId), await b.answer(requestId)].sort();
      expect(outcomes[1], `request ${requestId}`).toBe('WON');
      expect(['REFUSED request-decided', 'REFUSED conflict']).toContain(outcomes[0]);
    }
    a.child.stdin.end();
    b.child.stdin.end();
    await Promise.all([new Promise((r) => a.child.on('exit', r)), new Promise((r) => b.child.on('exit', r))]);

    const store = SqliteEventStore.open(file);
    try {
      for (const requestId of requestIds) {
        const decided = (await collect(store.readStream(streams.request(TENANT, requestId)))).filter((e) => e.type === 'RequestDecided');
        expect(decided, `request ${requestId}`).toHaveLength(1);
      }
      // A granted suspension suspends the person once a decision, never twice for one request.
      const suspended = (await collect(store.readStream(streams.resident(TENANT, '000001')))).filter((e) => e.type === 'UseSuspended');
      expect(suspended).toHaveLength(ROUNDS);
    } finally {
      await store.close();
    }
  }, cliTimeout(2));
});
