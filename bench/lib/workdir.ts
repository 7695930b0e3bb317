import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_DIR } from './config.ts';

// The database, its WAL and journal, and the key store the engine keeps beside it (`<db>.keys`).
const SIDE_FILES = ['', '-wal', '-shm', '-journal', '.keys', '.keys-journal', '.keys-wal', '.keys-shm'];
let counter = 0;

/** A fresh, not yet existing SQLite file path under bench/.work/. */
export function freshDbFile(label: string): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const file = join(WORK_DIR, `${label.replace(/[^a-z0-9-]/gi, '_')}-${process.pid}-${++counter}.db`);
  removeDb(file);
  return file;
}

export function removeDb(file: string): void {
  for (const s of SIDE_FILES) rmSync(file + s, { force: true });
}

/** Removes every database this process left behind (after a crash in a suite, too). */
export function cleanWorkDir(): void {
  cleanWorkDirOf(process.pid);
}

/** Removes the files a process (this one, or a child that was stopped) left in bench/.work/. */
export function cleanWorkDirOf(pid: number): void {
  let names: string[];
  try {
    names = readdirSync(WORK_DIR);
  } catch {
    return;
  }
  const mine = `-${pid}-`;
  for (const n of names) if (n.includes(mine)) rmSync(join(WORK_DIR, n), { force: true });
}

/** The database's size on disk in MB, its WAL included. */
export function dbSizeMb(file: string): number {
  let bytes = 0;
  for (const s of SIDE_FILES) {
    try {
      bytes += statSync(file + s).size;
    } catch { /* no such side file */ }
  }
  return bytes / 1e6;
}
