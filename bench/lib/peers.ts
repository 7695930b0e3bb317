import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PEERS_DIR, WORK_DIR, type BenchConfig } from './config.ts';

/** The part of Emmett's SQLite event store API the bench uses (declared here: the peers are not in the workspace). */
export interface EmmettEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}
export interface EmmettSQLiteEventStore {
  appendToStream(streamName: string, events: EmmettEvent[], options?: { expectedStreamVersion?: bigint | string }):
    Promise<{ nextExpectedStreamVersion: bigint; lastEventGlobalPosition: bigint; createdNewStream: boolean }>;
}
export interface EmmettSQLiteConnection {
  close(): void;
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
}
export interface EmmettSQLiteModule {
  getSQLiteEventStore(options: { fileName: string; schema?: { autoMigration?: 'None' | 'CreateOrUpdate' } }): EmmettSQLiteEventStore;
  sqliteConnection(options: { fileName: string }): EmmettSQLiteConnection;
  readMessagesBatch(connection: EmmettSQLiteConnection, options: { after?: bigint; batchSize: number }):
    Promise<{ currentGlobalPosition: bigint; messages: Array<{ data: unknown; metadata: unknown }>; areEventsLeft: boolean }>;
}

export type EmmettPeer =
  | { readonly available: true; readonly module: EmmettSQLiteModule; readonly versions: string; readonly installNote: string }
  | { readonly available: false; readonly reason: string };

const EMMETT_SQLITE_DIR = join(PEERS_DIR, 'node_modules', '@event-driven-io', 'emmett-sqlite');

const versionOf = (pkgDir: string): string => {
  try {
    return (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

/**
 * Emmett lives in bench/peers (its own package.json and lock, outside the workspace), installed on first use with
 * `npm ci --prefix bench/peers`. Its `sqlite3` dependency is built from source (no prebuilt download here); npm 11
 * runs that build only because bench/peers/package.json approves it in `allowScripts`.
 */
export async function loadEmmett(config: BenchConfig, log: (m: string) => void): Promise<EmmettPeer> {
  if (config.peers === 'skip') return { available: false, reason: 'skipped (BENCH_PEERS=skip)' };
  let installNote = 'already installed in bench/peers/node_modules';
  if (!existsSync(EMMETT_SQLITE_DIR)) {
    if (config.quick && config.peers !== 'install') {
      return { available: false, reason: 'not installed; quick mode does not install it (run `npm run bench` once, or BENCH_PEERS=install)' };
    }
    log('installing Emmett into bench/peers (npm ci; builds sqlite3 from source, about 2 minutes) …');
    const started = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const res = spawnSync(npm, ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], {
      encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024,
    });
    mkdirSync(WORK_DIR, { recursive: true });
    const logFile = join(WORK_DIR, 'peers-install.log');
    writeFileSync(logFile, `${res.stdout ?? ''}\n${res.stderr ?? ''}\n${res.error ? String(res.error) : ''}`);
    if (res.status !== 0 || !existsSync(EMMETT_SQLITE_DIR)) {
      const tail = `${res.stderr ?? ''}${res.error ? String(res.error) : ''}`.trim().split('\n').slice(-3).join(' / ');
      return { available: false, reason: `npm ci --prefix bench/peers failed (exit ${res.status}): ${tail.slice(0, 300)} — full log in bench/.work/peers-install.log` };
    }
    installNote = `installed by this run with \`npm ci --prefix bench/peers\` in ${Math.round((Date.now() - started) / 1000)} s`;
  }
  try {
    const pkg = JSON.parse(readFileSync(join(EMMETT_SQLITE_DIR, 'package.json'), 'utf8')) as {
      exports: { '.': { import: { default: string } } };
    };
    const entry = join(EMMETT_SQLITE_DIR, pkg.exports['.'].import.default);
    const module = (await import(pathToFileURL(entry).href)) as EmmettSQLiteModule;
    const nm = join(PEERS_DIR, 'node_modules');
    const versions = `@event-driven-io/emmett-sqlite ${versionOf(EMMETT_SQLITE_DIR)}, @event-driven-io/emmett ${versionOf(join(nm, '@event-driven-io', 'emmett'))}, sqlite3 ${versionOf(join(nm, 'sqlite3'))}`;
    return { available: true, module, versions, installNote };
  } catch (error) {
    return { available: false, reason: `installed but does not load (is the sqlite3 native build missing?): ${String((error as Error).message ?? error).slice(0, 300)}` };
  }
}
