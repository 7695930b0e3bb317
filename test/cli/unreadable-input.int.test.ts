import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

// Every command that reads a file the operator names refuses one it cannot read the same way: exit 2, the file named.
describe('a file given to a command that cannot be read', () => {
  it('is refused (exit 2) naming the file, by every command that reads one', async () => {
    const dir = tempDir();
    const db = join(dir, 'city.db');
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    const missing = join(dir, 'no-such-file.csv');
    const as = ['--db', db, '--operator', 'admin.sato'];
    const commands = [
      ['import', 'slips', missing, ...as, '--purpose', 'registration'],
      ['copy', 'verify', missing, ...as],
      ['transfer', 'answer', missing, ...as, '--purpose', 'linkage'],
      ['print-return', missing, ...as, '--purpose', 'notices'],
      ['claims', 'reconcile', missing, '--month', '2026-11', '--clinic', '0410001', ...as, '--purpose', 'registration'],
      ['fees', 'load', missing, ...as, '--purpose', 'administration'],
      ['contractor', 'add', 'printer', '--name', '印刷所', '--contract-ref', 'K-1', '--until', '2099-03-31', '--key', missing, ...as, '--purpose', 'administration'],
    ];
    for (const args of commands) {
      const r = await runCli(args);
      expect([args.slice(0, 2).join(' '), r.code], r.stderr).toEqual([args.slice(0, 2).join(' '), 2]);
      expect(r.stderr, args.join(' ')).toContain(`cannot read ${missing}`);
    }
  }, 120_000);
});
