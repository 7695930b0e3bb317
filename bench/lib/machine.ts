import { cpus, totalmem, platform, release } from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './config.ts';

export interface MachineFacts {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly betterSqlite3: string;
  readonly sqlite: string;
  readonly date: string;
}

export function machineFacts(sqliteVersion: string): MachineFacts {
  const cpu = cpus();
  let betterSqlite3 = '?';
  try {
    const require = createRequire(join(REPO_ROOT, 'package.json'));
    betterSqlite3 = (JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  } catch { /* reported as unknown */ }
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    betterSqlite3,
    sqlite: sqliteVersion,
    date: new Date().toISOString(),
  };
}
