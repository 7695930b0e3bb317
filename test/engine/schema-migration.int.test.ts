import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine, SqliteProjectionStore } from '@vaxledger/adapters';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

const SCHEMA = 3;

describe('store schema migration', () => {
  it('moves the documents of a schema-1 store (WITHOUT ROWID table) into the schema-2 table, and the store still verifies', async () => {
    const file = join(tempDir(), 'v1.db');
    const engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
    await engine.catchUp();
    await engine.close();

    // Put the documents back into the layout schema 1 had, as a store written by the earlier release holds them.
    const db = new Database(file);
    const before = db.prepare('SELECT projection, key, position, doc FROM projection_docs ORDER BY projection, key').all();
    db.exec(`CREATE TABLE v1 (projection TEXT NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, key)) WITHOUT ROWID;
      INSERT INTO v1 SELECT projection, key, position, doc FROM projection_docs;
      DROP TABLE projection_docs; ALTER TABLE v1 RENAME TO projection_docs;
      UPDATE store_meta SET value = '1' WHERE key = 'schema_version';`);
    db.close();

    // Opening the projection store migrates: the same documents, in a rowid table.
    const migrating = new Database(file);
    new SqliteProjectionStore(migrating);
    expect(migrating.prepare("SELECT value FROM store_meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA) });
    const columns = migrating.prepare("SELECT name FROM pragma_table_info('projection_docs')").all().map((r) => (r as { name: string }).name);
    expect(columns).toContain('id');
    expect(migrating.prepare('SELECT projection, key, position, doc FROM projection_docs ORDER BY projection, key').all()).toEqual(before);
    migrating.close();

    const reopened = await openSqliteEngine({ file, tenant: '041009', authenticator: hostAuthenticated });
    const ledger = await reopened.session('admin.sato', 'inquiry').viewLedger('000001');
    expect(ledger.residentId).toBe('000001');
    expect((await reopened.verify()).ok).toBe(true);
    await reopened.close();
  });

  it('drops the copy of the operation log a schema-2 store kept as documents; the log reads the same from the events', async () => {
    const file = join(tempDir(), 'v2.db');
    const engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
    await engine.session('admin.sato', 'inquiry').viewLedger('000001');
    const log = await engine.session('admin.sato', 'audit').operationLog();
    await engine.close();

    // Schema 2 kept one document per event in an 'oplog' projection: put such a copy back, as that release left it.
    const db = new Database(file);
    const insert = db.prepare("INSERT INTO projection_docs (projection, key, position, doc) VALUES ('oplog', ?, ?, ?)");
    for (const e of log) insert.run(`041009/${String(e.position).padStart(15, '0')}`, e.position, JSON.stringify(e));
    db.prepare("INSERT INTO projection_checkpoints (projection, position, version) VALUES ('oplog', ?, 1)").run(log.at(-1)!.position);
    db.prepare("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'").run();
    db.close();

    const reopened = await openSqliteEngine({ file, tenant: '041009', authenticator: hostAuthenticated });
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT value FROM store_meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA) });
    expect(check.prepare("SELECT count(*) AS n FROM projection_docs WHERE projection = 'oplog'").get()).toEqual({ n: 0 });
    expect(check.prepare("SELECT count(*) AS n FROM projection_checkpoints WHERE projection = 'oplog'").get()).toEqual({ n: 0 });
    check.close();
    expect((await reopened.session('admin.sato', 'audit').operationLog()).slice(0, log.length)).toEqual(log);
    expect((await reopened.verify()).ok).toBe(true);
    await reopened.close();
  });
});
