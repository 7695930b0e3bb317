import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_DIR } from './config.ts';

const SIDE_FILES = ['', '-wal', '-shm', '-journal'];
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
  let names: string[];
  try {
    names = readdirSync(WORK_DIR);
  } catch {
    return;
  }
  const mine = `-${process.pid}-`;
  for (const n of names) if (n.includes(mine)) rmSync(join(WORK_DIR, n), { force: true });
}
