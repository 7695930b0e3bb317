import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, REPO_ROOT } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

/**
 * Issue 19, item 7: `verify` rebuilds the projections in a scratch file; a `verify` killed mid-run (SIGKILL: no
 * handler runs) must leave no scratch file behind. Real child processes, each with a temporary folder of its own.
 */

/** The files a process has open (Linux). */
function openFiles(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
  } catch {
    return [];
  }
}

/** What is left in a temporary folder, but tsx's compile cache (the CLI runs its sources through tsx). */
const leftIn = (tmp: string) => readdirSync(tmp).filter((f) => !f.startsWith('tsx-'));

/** A small seeded random (mulberry32), so that a failing run can be repeated. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `vaxledger verify` with TMPDIR pointing at `tmp`; once it has the store open (verification under way), kills
 * it after `delayMs`. Resolves with the signal that ended it, or null when it finished first.
 */
function verifyKilled(db: string, tmp: string, delayMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/vaxledger.js'), 'verify', '--db', db], {
      cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, VAXLEDGER_SECRET: ADMIN_SECRET, TMPDIR: tmp, SQLITE_TMPDIR: tmp },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    const poll = setInterval(() => {
      if (!openFiles(child.pid!).includes(db)) return;
      clearInterval(poll);
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    }, 2);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      if (signal) resolve(signal);
      else if (code === 0) resolve(null);
      else reject(new Error(`verify exited ${code}: ${stderr.slice(0, 400)}`));
    });
  });
}

describe('verify killed with SIGKILL (a real child process)', () => {
  it('leaves no scratch file behind, and the next verify passes and leaves none either', async () => {
    const dir = tempDir();
    const db = join(dir, 'city.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    for (let n = 1; n <= 400; n++) {
      const id = String(n).padStart(6, '0');
      await s.registerResident(id, aResident(n, { birthDate: '2025-01-10' }));
      await s.recordVaccination({ residentId: id, vaccine: 'bcg', dose: 1, date: '2025-07-01', source: 'clinic-slip' });
    }
    await engine.close();

    const random = seeded(19_07);
    for (let kill = 0; kill < 3; kill++) {
      const tmp = join(dir, `tmp-${kill}`);
      mkdirSync(tmp);
      const delay = Math.floor(random() * 150);
      // The kill must land while verify runs (after it opened the store, before it ended).
      expect(await verifyKilled(db, tmp, delay), `kill ${kill} after ${delay} ms`).toBe('SIGKILL');
      expect(leftIn(tmp), `kill ${kill} after ${delay} ms`).toEqual([]);
    }
    const tmp = join(dir, 'tmp-complete');
    mkdirSync(tmp);
    expect(await verifyKilled(db, tmp, 600_000)).toBeNull();
    expect(leftIn(tmp)).toEqual([]);
  }, 300_000);
});
