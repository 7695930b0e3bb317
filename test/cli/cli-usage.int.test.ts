import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '@vaxledger/cli';
import { cliTimeout, REPO_ROOT, runCli } from '../support/child.ts';

/** Runs the CLI in this process (its parsing is what is tested here), capturing what it writes. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(['node', 'vaxledger', ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('vaxledger usage: --version, --help, unknown options and commands', () => {
  it('prints the package version with --version (the installed command, run as an operator would)', async () => {
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }).version;
    const spawned = await runCli(['--version']);
    expect(spawned).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await run('-V')).toMatchObject({ code: 0, stdout: `${version}\n` });
  }, cliTimeout(1));

  it('marks required options in --help, and only those', async () => {
    const help = await run('ledger', '--help');
    expect(help.code).toBe(0);
    const line = (flag: string) => help.stdout.split('\n').find((l) => l.trimStart().startsWith(flag)) ?? '';
    expect(line('--db')).toContain('(required)');
    expect(line('--operator')).toContain('(required)');
    expect(line('--json')).not.toContain('(required)');
    expect(line('--purpose')).not.toContain('(required)');
    const eligible = await run('eligible', '--help');
    for (const flag of ['--vaccine', '--dose', '--date']) expect(eligible.stdout.split('\n').find((l) => l.trimStart().startsWith(flag))).toContain('(required)');
  });

  it('names an unknown option as unknown, before any missing required option', async () => {
    const bogus = await run('ledger', '000001', '--bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("unknown option '--bogus'");
    expect(bogus.stderr).not.toContain('required option');
    const typo = await run('eligible', '--vacine', 'hib', '--dose', '1', '--date', '2025-10-01', '--db', 'x.db', '--operator', 'a.b');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--vacine'");
    // with every option known, a missing required one is still named
    const missing = await run('ledger', '000001', '--db', 'x.db');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--operator <id>' not specified");
  });

  it('exits 2 for an unknown command or subcommand, even with --help', async () => {
    for (const args of [['no-such'], ['no-such', '--help'], ['suspense', 'nope'], ['suspense', 'nope', '--help'], ['help', 'nope'], ['--help', 'no-such']]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/unknown command '(no-such|nope)'/);
    }
    // help for a command that exists is not an error
    expect((await run('help', 'suspense')).code).toBe(0);
    expect((await run('suspense', 'list', '--help')).code).toBe(0);
  });
});
