import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { cliTimeout, runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { aResident } from '../../support/residents.ts';

/**
 * Issue 19, item 12: a flipped or swapped byte in a sealed projection document or in a wrapped key is a problem
 * `verify` reports (exit 1, naming the document's projection and position), never an "unexpected error" (exit 2).
 */

const dir = tempDir();
const pristine = join(dir, 'pristine.db');
let copies = 0;

beforeAll(async () => {
  const engine = await openSqliteEngine({ file: pristine, tenant: '041009', create: true, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const s = engine.session('admin.sato', 'registration');
  for (let i = 1; i <= 3; i++) await s.registerResident(`00010${i}`, aResident(i));
  await s.recordVaccination({ residentId: '000101', vaccine: 'mr', dose: 1, date: '2025-05-01', source: 'counter', lot: 'AA1' });
  await s.recordVaccination({ residentId: '000102', vaccine: 'bcg', dose: 1, date: '2025-06-01', source: 'counter' });
  await engine.close();
}, 120_000);

/** A copy of the store with its own key file, changed by `work` (on the database, or on the key file). */
function tampered(work: (db: Database.Database, keys: Database.Database) => void): string {
  const file = join(dir, `copy-${copies++}.db`);
  copyFileSync(pristine, file);
  copyFileSync(`${pristine}.keys`, `${file}.keys`);
  const db = new Database(file);
  const keys = new Database(`${file}.keys`);
  try {
    work(db, keys);
  } finally {
    db.close();
    keys.close();
  }
  return file;
}

/** One base64 character of a sealed text changed to another: the length and the envelope stay valid. */
function flipBase64(text: string, at: number): string {
  return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

function sealedDocs(db: Database.Database) {
  return db.prepare<[], { id: number; projection: string; key: string; position: number; doc: string }>(
    `SELECT id, projection, key, position, doc FROM projection_docs WHERE doc LIKE '{"$sealed"%' ORDER BY id`).all();
}

async function verifyFails(file: string) {
  const run = await runCli(['verify', '--db', file, '--json']);
  expect(run.stderr).not.toMatch(/unexpected error/);
  expect(run.code, run.stderr).toBe(1);
  return JSON.parse(run.stdout) as { ok: boolean; firstBadPosition: number; problems: Array<{ position: number; kind: string; detail: string }> };
}

describe('attack: verify on a tampered sealed document or wrapped key (issue 19, item 12)', () => {
  it('a flipped byte in a sealed projection document is reported, naming its projection and position', async () => {
    let target = { projection: '', position: 0 };
    const file = tampered((db) => {
      const doc = sealedDocs(db)[0]!;
      target = doc;
      const envelope = JSON.parse(doc.doc) as { $sealed: { s: string; c: string } };
      envelope.$sealed.c = flipBase64(envelope.$sealed.c, 30);
      db.prepare('UPDATE projection_docs SET doc = ? WHERE id = ?').run(JSON.stringify(envelope), doc.id);
    });
    const report = await verifyFails(file);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'projection-unreadable-document', position: target.position }));
    expect(report.problems.find((p) => p.kind === 'projection-unreadable-document')!.detail).toMatch(new RegExp(`^${target.projection}: `));
  }, cliTimeout(1));

  it('two sealed documents swapped are both reported', async () => {
    const file = tampered((db) => {
      const [a, b] = sealedDocs(db).filter((d, _i, all) => d.projection === all[0]!.projection);
      expect(b).toBeDefined();
      db.prepare('UPDATE projection_docs SET doc = ? WHERE id = ?').run(b!.doc, a!.id);
      db.prepare('UPDATE projection_docs SET doc = ? WHERE id = ?').run(a!.doc, b!.id);
    });
    const report = await verifyFails(file);
    expect(report.problems.filter((p) => p.kind === 'projection-unreadable-document')).toHaveLength(2);
  }, cliTimeout(1));

  it('a flipped byte in a wrapped key is reported at every position sealed with it', async () => {
    const file = tampered((_db, keys) => {
      const row = keys.prepare<[], { tenant: string; subject: string; wrapped: Buffer }>("SELECT tenant, subject, wrapped FROM subject_keys WHERE length(wrapped) > 0 ORDER BY subject LIMIT 1").get()!;
      row.wrapped[20] = row.wrapped[20]! ^ 0x01;
      keys.prepare('UPDATE subject_keys SET wrapped = ? WHERE tenant = ? AND subject = ?').run(row.wrapped, row.tenant, row.subject);
    });
    const report = await verifyFails(file);
    const unreadable = report.problems.filter((p) => p.kind === 'unreadable');
    expect(unreadable.length).toBeGreaterThan(0);
    expect(unreadable[0]!.detail).toMatch(/wrapped key/);
    expect(report.firstBadPosition).toBe(unreadable[0]!.position);
  }, cliTimeout(1));

  it('two wrapped keys swapped are reported', async () => {
    const file = tampered((_db, keys) => {
      const [a, b] = keys.prepare<[], { tenant: string; subject: string; wrapped: Buffer }>('SELECT tenant, subject, wrapped FROM subject_keys WHERE length(wrapped) > 0 ORDER BY subject LIMIT 2').all();
      keys.prepare('UPDATE subject_keys SET wrapped = ? WHERE tenant = ? AND subject = ?').run(b!.wrapped, a!.tenant, a!.subject);
      keys.prepare('UPDATE subject_keys SET wrapped = ? WHERE tenant = ? AND subject = ?').run(a!.wrapped, b!.tenant, b!.subject);
    });
    const report = await verifyFails(file);
    expect(report.problems.some((p) => p.kind === 'unreadable' && /wrapped key/.test(p.detail))).toBe(true);
    expect(report.problems.some((p) => p.kind === 'projection-unreadable-document')).toBe(true);
  }, cliTimeout(1));
});
