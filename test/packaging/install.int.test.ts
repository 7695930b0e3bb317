import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliTimeout, REPO_ROOT } from '../support/child.ts';
import { keepCompiledBinary, PREBUILD_ENV } from './native-prebuild.ts';

/**
 * The packages as a host gets them: `npm pack` of every workspace, installed with what they depend on into a new
 * folder outside the repository, and used there by plain Node and by a strict TypeScript compile.
 */
const PACKAGES = ['domain', 'projections', 'application', 'adapters', 'cli'] as const;
/** npm install compiles better-sqlite3 when no binary was kept: 3.4 minutes measured at load average 8 on 2 cores. */
const INSTALL_TIMEOUT = 20 * 60_000;
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
/** @eventstore/db-client 6's typings do not type-check against @types/node 20 (README: a host on it sets skipLibCheck). */
const NEEDS_SKIP_LIB_CHECK = '@vaxledger/adapters/eventstoredb';

interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Ran> {
  // A test run under `npm test` inherits npm's variables (the repository as its prefix, …): the host sees none.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_(cache|registry)$/i.test(key)));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...inherited, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The last line a host printed, as JSON (the README's host prints a line of its own before it). */
function lastJsonLine(stdout: string): unknown {
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** The host code of README's "Install in your application", as a host would paste it. */
function readmeHost(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Install in your application');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (start < 0 || code === undefined) throw new Error('README has no host code under "## Install in your application"');
  return code;
}

/** Every file a package.json's exports and bin name (each condition's target), without the leading `./`. */
function namedFiles(manifest: { exports?: Record<string, Record<string, string>>; bin?: Record<string, string> }): string[] {
  const targets = [...Object.values(manifest.exports ?? {}).flatMap((conditions) => Object.values(conditions)), ...Object.values(manifest.bin ?? {})];
  return targets.map((target) => target.replace(/^\.\//, ''));
}

function manifestOf(pkg: string): { name: string; exports?: Record<string, Record<string, string>>; bin?: Record<string, string> } {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'packages', pkg, 'package.json'), 'utf8'));
}

describe('the packages installed in a host', () => {
  let host = '';
  let packed: Packed[] = [];

  beforeAll(async () => {
    for (const pkg of PACKAGES) {
      if (!existsSync(join(REPO_ROOT, 'packages', pkg, 'dist'))) throw new Error(`packages/${pkg}/dist is missing: run npm run build first`);
    }
    host = mkdtempSync(join(tmpdir(), 'vaxledger-host-'));
    const tarballs = join(host, 'tarballs');
    mkdirSync(tarballs);

    const packStarted = Date.now();
    const pack = await run('npm', ['pack', '--workspaces', '--json', '--pack-destination', tarballs], REPO_ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    packed = JSON.parse(pack.stdout) as Packed[];
    const packSeconds = (Date.now() - packStarted) / 1000;

    writeFileSync(join(host, 'package.json'), `${JSON.stringify({
      name: 'vaxledger-host', private: true, type: 'module', allowScripts: { 'better-sqlite3': true, protobufjs: false },
    }, null, 2)}\n`);
    const installStarted = Date.now();
    // npm's cache (filled by `npm ci`) serves the registry packages; @types/node and fast-check are what a TypeScript
    // host and a compliance tester add of their own.
    const install = await run('npm', [
      'install', '--prefer-offline', '--no-audit', '--no-fund',
      ...packed.map((p) => `./tarballs/${p.filename}`), '@types/node@^20', 'fast-check@^4',
    ], host, PREBUILD_ENV);
    expect(install.code, install.stderr).toBe(0);
    const binary = keepCompiledBinary(join(host, 'node_modules'));
    console.log(`npm pack: ${packSeconds.toFixed(1)} s; npm install: ${((Date.now() - installStarted) / 1000).toFixed(1)} s (better-sqlite3 ${binary})`);
  }, INSTALL_TIMEOUT);

  afterAll(() => {
    if (host) rmSync(host, { recursive: true, force: true });
  });

  it('packs every package with every file its exports and bin name', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(PACKAGES.map((pkg) => `@vaxledger/${pkg}`).sort());
    for (const pkg of PACKAGES) {
      const manifest = manifestOf(pkg);
      const files = new Set(packed.find((p) => p.name === manifest.name)!.files.map((f) => f.path));
      const missing = namedFiles(manifest).filter((file) => !files.has(file));
      expect(missing, manifest.name).toEqual([]);
    }
  });

  it('runs the README host on the SQLite store with plain node, and the installed vaxledger command verifies its store', async () => {
    writeFileSync(join(host, 'host.mjs'), `${readmeHost()}
console.log(JSON.stringify({ ok: report.ok, doses: view.records.map((r) => ({ vaccine: r.fields.vaccine, dose: r.fields.dose, date: r.fields.date, lot: r.fields.lot, status: r.status })) }));
`);
    const ran = await run(process.execPath, ['host.mjs'], host);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(lastJsonLine(ran.stdout)).toEqual({ ok: true, doses: [{ vaccine: 'hib', dose: 1, date: '2025-06-05', lot: 'AB123', status: 'active' }] });
    expect(existsSync(join(host, 'city.db.keys'))).toBe(true);

    const verify = await run(join(host, 'node_modules/.bin/vaxledger'), ['verify', '--db', 'city.db', '--json'], host);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, problems: [] });
  }, cliTimeout(2));

  it('type-checks the README host and an import of every entry point under module NodeNext and strict', async () => {
    writeFileSync(join(host, 'host.ts'), readmeHost());
    const specifiers = PACKAGES.flatMap((pkg) => {
      const manifest = manifestOf(pkg);
      return Object.keys(manifest.exports ?? {}).map((key) => manifest.name + key.slice(1));
    });
    expect(specifiers).toContain(NEEDS_SKIP_LIB_CHECK);
    const entries = (list: readonly string[]): string => `${list.map((s, i) => `import * as entry${i} from '${s}';`).join('\n')}
export const entries = [${list.map((_, i) => `entry${i}`).join(', ')}];
`;
    writeFileSync(join(host, 'entries.ts'), entries(specifiers.filter((s) => s !== NEEDS_SKIP_LIB_CHECK)));
    writeFileSync(join(host, 'esdb-entry.ts'), entries([NEEDS_SKIP_LIB_CHECK]));
    writeFileSync(join(host, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true }, files: ['host.ts', 'entries.ts'] }));
    writeFileSync(join(host, 'tsconfig.esdb.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true, skipLibCheck: true }, files: ['esdb-entry.ts'] }));

    const strict = await run(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json'], host);
    expect(strict.stdout + strict.stderr).toBe('');
    expect(strict.code).toBe(0);
    const esdb = await run(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.esdb.json'], host);
    expect(esdb.stdout + esdb.stderr).toBe('');
    expect(esdb.code).toBe(0);
  }, cliTimeout(3));

  describe('a host on the in-memory store', () => {
    beforeAll(() => {
      for (const file of ['memory-host.mjs', 'record-resolved.mjs']) copyFileSync(join(REPO_ROOT, 'test/packaging/host', file), join(host, file));
    });

    it('loads neither better-sqlite3 nor gRPC nor the EventStoreDB client', async () => {
      const ran = await run(process.execPath, ['memory-host.mjs'], host);
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      const seen = lastJsonLine(ran.stdout) as { ok: boolean; records: number; loadedOurs: number; forbidden: string[] };
      expect(seen).toMatchObject({ ok: true, records: 1, forbidden: [] });
      expect(seen.loadedOurs).toBeGreaterThan(50); // the recorder saw the modules the host did load
    }, cliTimeout(1));

    it('is seen to load better-sqlite3 when it takes the store from the package root instead', async () => {
      const ran = await run(process.execPath, ['memory-host.mjs', 'root'], host);
      expect(ran.code).toBe(0);
      const seen = lastJsonLine(ran.stdout) as { ok: boolean; forbidden: string[] };
      expect(seen.ok).toBe(true);
      expect(seen.forbidden.some((url) => url.includes('/node_modules/better-sqlite3/'))).toBe(true);
    }, cliTimeout(1));
  });
});
