import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

const TSX = createRequire(import.meta.url).resolve('tsx/esm');

// Keeps `npm run bench` from rotting: the quick mode runs every suite on small counts. It asserts that the harness
// produces its report, never how fast anything is (speed is measured by `npm run bench`, not by tests).
describe('npm run bench (quick smoke run)', () => {
  it('runs every suite and writes a report with every target row', async () => {
    const out = join(tempDir(), 'results.md');
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--conditions=vaxledger-source', '--import', TSX, join(REPO_ROOT, 'bench/run.ts')], {
        cwd: REPO_ROOT, stdio: 'ignore', env: { ...process.env, BENCH_QUICK: '1', BENCH_PEERS: 'skip', BENCH_OUT: out },
      });
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? -1));
    });
    expect(code).toBe(0);
    const report = readFileSync(out, 'utf8');
    for (const row of ['append, batches of 1:', 'append, batches of 1000:', 'concurrent single-event callers', 'read-all', 'dose check', 'eligibility', 'registry import', 'slip import', 'rebuild', 'CLI start']) {
      expect(report).toContain(row);
    }
  }, 180_000);
});
