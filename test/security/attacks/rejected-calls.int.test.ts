import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { DomainError, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { TENANT } from '../../support/events.ts';
import { ADMIN_SECRET, runCli } from '../../support/child.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../../support/files.ts';
import { tempDir } from '../../support/temp.ts';

// Issue 19, item 5: a refused call (bad input) left no trace: someone probing for registered ids, or feeding bad files,
// was invisible to the auditor. Now each is an operation-log entry with the outcome `rejected`, its reason, no data.
const BAD_NAME = 'ヨクナイ ナマエ';
const badRegistry = () => csvBytes([
  REGISTRY_HEADER,
  registryRow({ id: '000001', kana: BAD_NAME, kanji: '試験 花子', birth: '2099-13-45', sex: '2', address: '仙台市青葉区秘密町1番地' }),
]);

describe('refused calls are on the record, as rejected', () => {
  it('a refused import and a lookup of an unregistered resident are rejected entries, with a reason and no personal data', async () => {
    const db = join(tempDir(), 'rejected.db');
    const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const clerk = engine.session('admin.sato', 'registration');
    await expect(clerk.importRegistry(badRegistry(), { fileName: 'juki.csv' })).rejects.toMatchObject({ code: 'import-rejected' });
    await expect(clerk.viewLedger('999999')).rejects.toBeInstanceOf(DomainError);
    const audit = engine.session('admin.sato', 'audit');
    const rejected = await audit.operationLog({ outcome: 'rejected' });
    expect(rejected.map((e) => [e.operator, e.purpose, e.action, e.outcome, e.reason, e.resident ?? null, e.items])).toEqual([
      ['admin.sato', 'registration', 'import.registry', 'rejected', 'import-rejected', null, []],
      ['admin.sato', 'registration', 'ledger.view', 'rejected', 'unknown-resident', null, []],
    ]);
    // Neither an allowed nor a denied entry; the tail of the log finds them too.
    expect((await audit.operationLog({ outcome: 'allowed' })).some((e) => e.eventType === 'OperationRejected')).toBe(false);
    expect(await audit.operationLog({ outcome: 'denied' })).toEqual([]);
    expect((await audit.operationLog({ outcome: 'rejected', limit: 1 })).map((e) => e.action)).toEqual(['ledger.view']);
    await engine.close();
    // Nothing of the refused file reached the store: not the name, not the address.
    const bytes = readFileSync(db).toString('utf8');
    expect(bytes).not.toContain(BAD_NAME);
    expect(bytes).not.toContain('秘密町');
    expect((await openSqliteEngine({ file: db, tenant: TENANT, authenticator: hostAuthenticated }).then(async (e) => { const r = await e.verify(); await e.close(); return r; })).ok).toBe(true);
  });

  it('a denied call stays denied (authorization), not rejected', async () => {
    const db = join(tempDir(), 'rejected-denied.db');
    const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'administration').registerOperator('stats.ono', ['statistics'], ['statistics']);
    await expect(engine.session('stats.ono', 'statistics').viewLedger('999999')).rejects.toMatchObject({ kind: 'denied' });
    const audit = engine.session('admin.sato', 'audit');
    expect((await audit.operationLog({ outcome: 'denied' })).map((e) => e.action)).toEqual(['ledger.view']);
    expect(await audit.operationLog({ outcome: 'rejected' })).toEqual([]);
    await engine.close();
  });

  it('on the command line: `oplog --outcome rejected` selects them', async () => {
    const dir = tempDir();
    const db = join(dir, 'rejected-cli.db');
    const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    await engine.close();
    writeFileSync(join(dir, 'juki.csv'), badRegistry());
    expect((await runCli(['import', 'registry', join(dir, 'juki.csv'), '--db', db, '--operator', 'admin.sato'])).code).toBe(2);
    expect((await runCli(['ledger', '999999', '--db', db, '--operator', 'admin.sato', '--purpose', 'registration'])).code).toBe(2);
    const out = await runCli(['oplog', '--outcome', 'rejected', '--json', '--db', db, '--operator', 'admin.sato']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).map((e: { action: string; reason: string }) => [e.action, e.reason])).toEqual([
      ['import.registry', 'import-rejected'], ['ledger.view', 'unknown-resident'],
    ]);
  });
});
