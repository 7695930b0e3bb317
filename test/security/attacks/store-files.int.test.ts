import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_SECRET, cliTimeout, runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../../support/files.ts';
import { aResident } from '../../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';

/** Items 7 and 8 of issue 19: the key file is part of the store, and nothing but a store is touched. */

const TENANT = '041009';
const KEY_FILE_REFUSED = /the key file .*\.keys is missing or belongs to another store: restore it from backup/;

async function initStore(dir: string, name: string): Promise<string> {
  const db = join(dir, name);
  const init = await runCli(['init', '--db', db, '--tenant', TENANT, '--admin', 'admin.sato']);
  expect(init.code, init.stderr).toBe(0);
  const registered = await runCli(['import', 'registry', join(dir, 'registry.csv'), '--db', db, '--operator', 'admin.sato']);
  expect(registered.code, registered.stderr).toBe(0);
  return db;
}

function writeRegistry(dir: string): void {
  writeFileSync(join(dir, 'registry.csv'), csvBytes([
    REGISTRY_HEADER,
    registryRow({ id: '000001', kana: 'シケン タロウ', kanji: '試験 太郎', birth: '2025-01-10', sex: '1', address: '仙台市青葉区試験町1番地' }),
    registryRow({ id: '000002', kana: 'シケン ハナコ', kanji: '試験 花子', birth: '2024-05-02', sex: '2', address: '仙台市青葉区試験町2番地' }),
  ]));
}

const siblings = (file: string) => ['-wal', '-shm', '.keys', '-journal'].map((s) => `${file}${s}`).filter((f) => existsSync(f));

describe('attack: the key file is part of the store (issue 19, item 7)', () => {
  const dir = tempDir();
  writeRegistry(dir);

  it('init creates the database and the key file readable by their owner only; every open sets the key file back to 0600', async () => {
    const db = await initStore(dir, 'modes.db');
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(`${db}.keys`).mode & 0o777).toBe(0o600);
    chmodSync(`${db}.keys`, 0o644);
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'admin.sato', '--json'])).code).toBe(0);
    expect(statSync(`${db}.keys`).mode & 0o777).toBe(0o600);
  }, cliTimeout(3));

  it('refuses a store whose key file is missing (no new empty one is made), for every command, init and verify included', async () => {
    const db = await initStore(dir, 'missing.db');
    renameSync(`${db}.keys`, join(dir, 'missing.keys.bak'));
    for (const args of [
      ['ledger', '000001', '--db', db, '--operator', 'admin.sato'],
      ['verify', '--db', db],
      ['init', '--db', db, '--tenant', '131016', '--admin', 'admin.tanaka'],
    ]) {
      const run = await runCli(args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(KEY_FILE_REFUSED);
      expect(existsSync(`${db}.keys`)).toBe(false);
    }
  }, cliTimeout(5));

  it("refuses another store's key file", async () => {
    const db = await initStore(dir, 'own.db');
    const other = await initStore(dir, 'other.db');
    copyFileSync(`${other}.keys`, `${db}.keys`);
    for (const args of [['ledger', '000001', '--db', db, '--operator', 'admin.sato'], ['verify', '--db', db]]) {
      const run = await runCli(args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(KEY_FILE_REFUSED);
    }
  }, cliTimeout(6));

  it('verify fails (exit 1) when a sealed row cannot be opened because its key is gone from the key file', async () => {
    const db = await initStore(dir, 'lost-key.db');
    // A key file restored from an older backup: one person's key is not in it (not destroyed: never there).
    const keys = new Database(`${db}.keys`);
    const subjects = keys.prepare<[], { subject: string }>('SELECT subject FROM subject_keys ORDER BY subject').all();
    expect(subjects.length).toBeGreaterThan(0);
    keys.prepare('DELETE FROM subject_keys WHERE subject = ?').run(subjects[0]!.subject);
    keys.close();
    const run = await runCli(['verify', '--db', db, '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: Array<{ kind: string; position: number; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.problems.some((p) => p.kind === 'unreadable' && /key/.test(p.detail))).toBe(true);
  }, cliTimeout(3));
});

describe('attack: a key lost from the key file, seen by a host (issue 19, item 7)', () => {
  it('engine.verify() reports a sealed row whose key is not in the key file', async () => {
    const file = join(tempDir(), 'host.db');
    const engine = await openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
    const keys = new Database(`${file}.keys`);
    keys.prepare("DELETE FROM subject_keys WHERE subject <> ''").run();
    keys.close();
    const reopened = await openSqliteEngine({ file, tenant: TENANT, authenticator: hostAuthenticated });
    try {
      const report = await reopened.verify();
      expect(report.ok).toBe(false);
      expect(report.problems.some((p) => p.kind === 'unreadable' && /key file/.test(p.detail))).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});

describe('attack: nothing but a store is touched (issue 19, item 8)', () => {
  const dir = tempDir();

  function ordinarySqlite(name: string, journal: 'delete' | 'wal'): string {
    const file = join(dir, name);
    const db = new Database(file);
    db.pragma(`journal_mode = ${journal}`);
    db.exec("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patients (name) VALUES ('someone')");
    db.close();
    return file;
  }

  const candidates = (): Array<[string, string]> => {
    const empty = join(dir, `empty-${Math.random().toString(36).slice(2)}.db`);
    writeFileSync(empty, '');
    const text = join(dir, `notes-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(text, 'not a database at all\n');
    return [
      ['an ordinary SQLite file', ordinarySqlite(`plain-${Math.random().toString(36).slice(2)}.db`, 'delete')],
      ['an ordinary SQLite file in WAL mode', ordinarySqlite(`wal-${Math.random().toString(36).slice(2)}.db`, 'wal')],
      ['an empty file', empty],
      ['a text file', text],
    ];
  };

  it('every command but init refuses a file that is not a store (exit 2), and leaves it byte for byte as it was, with no file beside it', async () => {
    for (const [what, file] of candidates()) {
      const before = readFileSync(file);
      for (const args of [['ledger', '000001', '--db', file, '--operator', 'admin.sato'], ['verify', '--db', file], ['oplog', '--db', file, '--operator', 'admin.sato']]) {
        const run = await runCli(args);
        expect(run.code, `${args[0]} on ${what}: ${run.stderr}`).toBe(2);
        expect(run.stderr, what).toMatch(/is not a vaxledger store/);
        expect(readFileSync(file).equals(before), `${args[0]} changed ${what}`).toBe(true);
        expect(siblings(file), `${args[0]} on ${what}`).toEqual([]);
      }
    }
  }, cliTimeout(12));

  it('init refuses a file that exists and is not a store, and changes nothing', async () => {
    for (const [what, file] of candidates()) {
      const before = readFileSync(file);
      const run = await runCli(['init', '--db', file, '--tenant', TENANT, '--admin', 'admin.sato']);
      expect(run.code, `${what}: ${run.stderr}`).toBe(2);
      expect(run.stderr, what).toMatch(/is not a vaxledger store/);
      expect(readFileSync(file).equals(before), what).toBe(true);
      expect(siblings(file), what).toEqual([]);
    }
  }, cliTimeout(4));

  it('a refused init leaves no file behind', async () => {
    const before = readdirSync(dir).sort();
    const weak = await runCli(['init', '--db', join(dir, 'weak.db'), '--tenant', TENANT, '--admin', 'admin.sato'], { VAXLEDGER_SECRET: 'short' });
    expect(weak.code, weak.stderr).toBe(2);
    const badAdmin = await runCli(['init', '--db', join(dir, 'bad-admin.db'), '--tenant', TENANT, '--admin', 'bad admin!'], { VAXLEDGER_SECRET: ADMIN_SECRET });
    expect(badAdmin.code, badAdmin.stderr).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(before);
  }, cliTimeout(2));
});
