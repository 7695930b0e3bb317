import { beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ChainHasher, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

const dir = tempDir();
const pristine = join(dir, 'pristine.db');
let n = 0;
let file: string;

/** A store written through the engine: init, residents, vaccinations, a correction, a void, a read. */
async function buildPristine(): Promise<void> {
  const engine = await openSqliteEngine({ file: pristine, tenant: '041009', create: true, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const s = engine.session('admin.sato', 'registration');
  for (let i = 1; i <= 3; i++) await s.registerResident(`00010${i}`, aResident(i));
  const r = (await s.recordVaccination({ residentId: '000101', vaccine: 'mr', dose: 1, date: '2025-05-01', source: 'counter', lot: 'AA1' })).recordId;
  await s.recordVaccination({ residentId: '000102', vaccine: 'bcg', dose: 1, date: '2025-06-01', source: 'counter' });
  await s.correctVaccination({ residentId: '000101', recordId: r, changes: { lot: 'AA2' }, reason: 'typo' });
  await s.voidVaccination({ residentId: '000101', recordId: r, reason: 'wrong person' });
  await engine.session('admin.sato', 'inquiry').viewLedger('000101');
  await engine.close();
}

function withDb(work: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    work(db);
  } finally {
    db.close();
  }
}

async function verifyCli() {
  return runCli(['verify', '--db', file, '--json']);
}

describe('tamper evidence: changes made with SQL behind the engine are found by `vaxledger verify`', () => {
  beforeEach(async () => {
    if (n === 0) await buildPristine();
    file = join(dir, `copy-${n++}.db`);
    copyFileSync(pristine, file);
    copyFileSync(`${pristine}.keys`, `${file}.keys`);
  });

  it('passes on the untouched store', async () => {
    const r = await verifyCli();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
  });

  it('finds one changed byte in a stored event', async () => {
    // The data is sealed at rest: flip one character of the stored text.
    withDb((db) => db.prepare("UPDATE events SET data = substr(data, 1, 40) || (CASE substr(data, 41, 1) WHEN 'A' THEN 'B' ELSE 'A' END) || substr(data, 42) WHERE position = 5").run());
    const r = await verifyCli();
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstBadPosition).toBe(5);
    expect(r.stderr).toMatch(/first bad global position 5/);
  });

  it('finds a deleted event', async () => {
    withDb((db) => db.prepare('DELETE FROM events WHERE position = 3').run());
    const r = await verifyCli();
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstBadPosition).toBe(3);
  });

  it('finds the last event deleted', async () => {
    withDb((db) => {
      const last = db.prepare('SELECT max(position) AS p FROM events').get() as { p: number };
      db.prepare('DELETE FROM events WHERE position = ?').run(last.p);
    });
    const r = await verifyCli();
    expect(r.code).toBe(1);
    const last = (JSON.parse(r.stdout) as { events: number }).events + 1;
    expect(JSON.parse(r.stdout).firstBadPosition).toBe(last);
  });

  it('finds two events swapped', async () => {
    withDb((db) => {
      const cols = 'id, tenant, stream, revision, type, schema_version, recorded_at, content_hash, metadata, data, chain_hash';
      const a = db.prepare(`SELECT ${cols} FROM events WHERE position = 4`).get() as Record<string, unknown>;
      const b = db.prepare(`SELECT ${cols} FROM events WHERE position = 6`).get() as Record<string, unknown>;
      const set = db.prepare(`UPDATE events SET id = @id, tenant = @tenant, stream = @stream, revision = @revision, type = @type,
        schema_version = @schema_version, recorded_at = @recorded_at, content_hash = @content_hash, metadata = @metadata,
        data = @data, chain_hash = @chain_hash WHERE position = @position`);
      db.transaction(() => {
        db.prepare("UPDATE events SET id = 'tmp-a', stream = 'tmp', revision = -1 WHERE position = 4").run();
        set.run({ ...b, position: 6, id: 'tmp-b', stream: 'tmp2', revision: -2 });
        set.run({ ...b, position: 4 });
        set.run({ ...a, position: 6 });
      })();
    });
    const r = await verifyCli();
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstBadPosition).toBe(4);
  });

  it('finds a forged event appended with SQL, even one whose chain hash was recomputed', async () => {
    withDb((db) => {
      const last = db.prepare('SELECT * FROM events ORDER BY position DESC LIMIT 1').get() as Record<string, any>;
      const forged = {
        position: BigInt(last.position + 1), id: '6b0f7a8e-2f3c-4f7a-9a51-1d2e3f405162', tenant: '041009',
        stream: '041009/vaccination/000103', revision: 0n, type: 'VaccinationRecorded', schemaVersion: 2,
        recordedAt: last.recorded_at, contentHash: 'f'.repeat(64), metadataText: last.metadata,
        dataText: JSON.stringify({ recordId: '7c1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b', residentId: '000103', vaccine: 'hpv', dose: 1, date: '2025-01-01', category: 'routine', source: 'manual', warnings: [] }),
      };
      const format = Number((db.prepare("SELECT value FROM store_meta WHERE key = 'chain_format'").get() as { value: string }).value) as 1 | 2;
      const chain = new ChainHasher(format).linkOf(last.chain_hash, forged);
      db.prepare(`INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        Number(forged.position), forged.id, forged.tenant, forged.stream, 0, forged.type, 2, forged.recordedAt,
        forged.contentHash, forged.metadataText, forged.dataText, chain);
    });
    const r = await verifyCli();
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.firstBadPosition).toBe(report.events);
  });

  it('finds a stored event that no longer parses', async () => {
    withDb((db) => db.prepare("UPDATE events SET data = substr(data, 1, 20) WHERE position = 2").run());
    const r = await verifyCli();
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstBadPosition).toBe(2);
  });

  it('finds a sealed event that no longer parses, and only that one: the rows beside it still open', async () => {
    let broken = 0;
    withDb((db) => {
      // The second resident's registration: sealed rows come before and after it in the same page of rows.
      broken = (db.prepare("SELECT position AS p FROM events WHERE type = 'ResidentRegistered' ORDER BY position LIMIT 1 OFFSET 1").get() as { p: number }).p;
      db.prepare('UPDATE events SET data = substr(data, 1, 30) WHERE position = ?').run(broken);
    });
    const r = await verifyCli();
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems.filter((p: { kind: string }) => p.kind === 'unreadable').map((p: { position: number }) => p.position)).toEqual([broken]);
    expect(report.firstBadPosition).toBe(broken);
  });

  it('finds a projection changed behind the engine', async () => {
    withDb((db) => db.prepare("UPDATE projection_docs SET doc = replace(doc, '\"status\":\"active\"', '\"status\":\"deactivated\"') WHERE projection = 'operators'").run());
    const r = await verifyCli();
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems[0].kind).toBe('projection-mismatch');
    expect(report.firstBadPosition).toBeGreaterThan(0);
  });

  it('finds an operation-log entry removed: the last read, with the head moved back over it', async () => {
    // The operation log is read from the event rows: removing an entry means removing a row, and whoever does it
    // also rewinds the head so that the chain still ends cleanly. The projections' checkpoints still name the read.
    let read = 0;
    withDb((db) => {
      read = (db.prepare("SELECT max(position) AS p FROM events WHERE type = 'RecordViewed'").get() as { p: number }).p;
      const before = db.prepare('SELECT position, chain_hash FROM events WHERE position = ?').get(read - 1) as { position: number; chain_hash: string };
      db.prepare('DELETE FROM events WHERE position = ?').run(read);
      db.prepare('UPDATE store_head SET position = ?, chain_hash = ? WHERE id = 1').run(before.position, before.chain_hash);
    });
    const r = await verifyCli();
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.firstBadPosition).toBe(read);
    expect(report.problems[0].kind).toBe('projection-ahead');
  });
});
