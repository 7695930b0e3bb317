import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine } from '@vaxledger/adapters';
import { currentVersionOf, newEventId, parseDomainEvent, streams, hostAuthenticated } from '@vaxledger/domain';
import { runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

/**
 * `verify` rebuilds the projections into a temporary file, sealed like the store, and compares them document by
 * document (a city's projections do not fit in memory). These check what that path must still find, that it
 * rebuilds each projection only as far as the stored one got, and that it leaves nothing behind.
 */
describe('verify, rebuilding into a temporary file', () => {
  const root = tempDir();

  async function aSmallCity(name: string): Promise<string> {
    const file = join(root, `${name}.db`);
    const engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    for (let i = 1; i <= 3; i++) await s.registerResident(`00010${i}`, aResident(i));
    await s.recordVaccination({ residentId: '000102', vaccine: 'mr', dose: 1, date: '2025-05-01', source: 'counter' });
    await engine.close();
    return file;
  }

  const sql = (file: string, statement: string) => {
    const db = new Database(file);
    try {
      db.prepare(statement).run();
    } finally {
      db.close();
    }
  };

  /** The CLI with a temporary folder of its own, so that what it leaves there can be counted. */
  async function verifyIn(file: string, tmp: string) {
    mkdirSync(tmp, { recursive: true });
    const r = await runCli(['verify', '--db', file, '--json'], { TMPDIR: tmp });
    return { code: r.code, report: JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ kind: string; detail: string }> }, left: readdirSync(tmp).filter((n) => !n.startsWith('tsx-')) };
  }

  it('passes an untouched store and removes its temporary file', async () => {
    const file = await aSmallCity('untouched');
    const r = await verifyIn(file, join(root, 'tmp-untouched'));
    expect(r.code).toBe(0);
    expect(r.report.ok).toBe(true);
    expect(r.left).toEqual([]);
  });

  it('finds a sealed document deleted and a document added behind the engine', async () => {
    const file = await aSmallCity('tampered');
    sql(file, "DELETE FROM projection_docs WHERE projection = 'residents' AND key = '041009/000102'");
    sql(file, "INSERT INTO projection_docs (projection, key, position, doc) SELECT projection, '041009/ghost', position, doc FROM projection_docs WHERE projection = 'operators' LIMIT 1");
    const r = await verifyIn(file, join(root, 'tmp-tampered'));
    expect(r.code).toBe(1);
    expect(r.report.problems.map((p) => `${p.kind} ${p.detail.split(':')[0]}`).sort()).toEqual([
      'projection-extra-document operators', 'projection-missing-document residents',
    ]);
    expect(r.left).toEqual([]);
  });

  it('rebuilds each projection only up to its own checkpoint', async () => {
    const file = await aSmallCity('behind');
    // An event stored after the projections' last commit (a process stopped before its catch-up): the stored
    // projections do not show it yet, and a rebuild that went past their checkpoint would call them incomplete.
    const engine = await openSqliteEngine({ file, tenant: '041009', authenticator: hostAuthenticated });
    const data = parseDomainEvent('ResidentRegistered', { residentId: '000109', ...aResident(9) }).data;
    await engine.store.append(streams.resident('041009', '000109'), [{
      id: newEventId(), type: 'ResidentRegistered', schemaVersion: currentVersionOf('ResidentRegistered'), data,
      metadata: { operatorId: 'admin.sato', purpose: 'registration', correlationId: 'c-behind', causationId: null, source: 'api' },
    }], { expectedRevision: 'no_stream' });
    await engine.close();
    const r = await verifyIn(file, join(root, 'tmp-behind'));
    expect(r.report.problems).toEqual([]);
    expect(r.code).toBe(0);
  });
});
