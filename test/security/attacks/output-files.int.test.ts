import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, REPO_ROOT } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { aResident } from '../../support/residents.ts';

/** Issue 19, item 13: `copy export` never overwrites a file, and output cut short by the reader ends quietly. */

const BIN = join(REPO_ROOT, 'packages/cli/bin/vaxledger.js');
const dir = tempDir();
const db = join(dir, 'city.db');

beforeAll(async () => {
  const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
  const s = engine.session('admin.sato', 'registration');
  for (let n = 1; n <= 600; n++) {
    const id = String(n).padStart(6, '0');
    await s.registerResident(id, aResident(n, { birthDate: '2025-01-10', integratedAddresseeNo: `K-${id}` }));
    await s.recordVaccination({ residentId: id, vaccine: 'bcg', dose: 1, date: '2025-07-01', source: 'clinic-slip' });
  }
  await engine.close();
}, 300_000);

describe('attack: output files and pipes (issue 19, item 13)', () => {
  it('copy export does not replace a file that appeared after its check (exit 2, that file as it was, the recorded export kept and named)', async () => {
    const out = join(dir, 'copies.csv');
    const child = spawn(process.execPath, [BIN, 'copy', 'export', '--out', out, '--db', db, '--operator', 'admin.sato'], {
      cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, VAXLEDGER_SECRET: ADMIN_SECRET },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Someone else's file takes the name while the export is being written (after the export checked the name).
    let planted = false;
    const poll = setInterval(() => {
      if (planted || !readdirSync(dir).some((f) => f.startsWith('copies.csv.partial-'))) return;
      writeFileSync(out, 'someone else\'s file\n', { flag: 'wx' });
      planted = true;
    }, 1);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    expect(planted, 'the file was planted while the export ran').toBe(true);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/copies\.csv exists already/);
    expect(readFileSync(out, 'utf8')).toBe('someone else\'s file\n');
    // The export is on the record: its file is kept under the name the message gives, and is the one recorded.
    const kept = readdirSync(dir).filter((f) => f.startsWith('copies.csv.partial-'));
    expect(kept).toHaveLength(1);
    expect(stderr).toContain(kept[0]);
    const check = spawn(process.execPath, [BIN, 'copy', 'verify', join(dir, kept[0]!), '--db', db, '--operator', 'admin.sato'], {
      cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, VAXLEDGER_SECRET: ADMIN_SECRET },
    });
    expect(await new Promise<number | null>((resolve) => check.on('close', resolve))).toBe(0);
  }, cliTimeout(2));

  it.each([
    ['oplog --json', ['oplog', '--json']],
    ['oplog', ['oplog']],
    ['oplog --csv', ['oplog', '--csv']],
    // written with process.stdout.write, not the listing writer: the guard at the CLI's entry
    ['eligible --json', ['eligible', '--vaccine', 'hib', '--dose', '1', '--date', '2025-09-01', '--json']],
  ])('%s piped into head ends quietly (no EPIPE, no stack trace)', async (_name, args) => {
    const err = join(dir, `stderr-${Math.random().toString(36).slice(2)}.txt`);
    const command = `"${process.execPath}" "${BIN}" ${args.join(' ')} --db "${db}" --operator admin.sato 2>"${err}" | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const status = await new Promise<string>((resolve, reject) => {
      const sh = spawn('bash', ['-c', command], { cwd: REPO_ROOT, env: { ...process.env, VAXLEDGER_SECRET: ADMIN_SECRET } });
      let stdout = '';
      sh.stdout.on('data', (d) => (stdout += d));
      sh.on('error', reject);
      sh.on('close', () => resolve(stdout.trim()));
    });
    expect(existsSync(err)).toBe(true);
    expect(readFileSync(err, 'utf8')).toBe('');
    expect(status).toBe('0');
  }, cliTimeout(1));
});
