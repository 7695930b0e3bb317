// Issue 26, operation-log queries for auditors: `vaxledger oplog` selects by purpose (--for-purpose), action, and time
// window; --csv streams a header and one row per entry with the keys of --json; --verify checks each shown entry's
// chain link as it is read, and a link broken with SQL stops the listing with exit 1 naming the position.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';

const TENANT = '041009';
const AUDIT_SECRET = 'audit-secret-for-tests';
/** Enough entries that the CSV is far larger than a pipe's buffer: it is written as it is read. */
const PERSONS = 3000;
const dir = tempDir();
const db = join(dir, 'oplog.db');
const as = ['--db', db, '--operator', 'audit.mori'];
const audit = { VAXLEDGER_SECRET: AUDIT_SECRET };

interface Entry { position: number; at: string; operator: string; purpose: string; action: string; outcome: string; resident?: string; items: string[]; hash: string; previousHash: string; roles?: string[] }

let firstView = '';
let secondView = '';

async function oplogJson(args: string[]): Promise<Entry[]> {
  const r = await runCli(['oplog', ...as, ...args, '--json'], audit);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Entry[];
}

/** A minimal CSV reader for the test's own check (quoted cells with "" escapes; CRLF lines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  return rows;
}

beforeAll(async () => {
  const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, authenticator: hostAuthenticated, clock: steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000) });
  await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
  const admin = engine.session('admin.sato', 'administration');
  await admin.registerOperator('audit.mori', ['audit'], ['audit'], { secret: AUDIT_SECRET });
  await admin.registerOperator('clerk.kato', ['registration', 'inquiry'], ['registration', 'inquiry']);
  const registry = [REGISTRY_HEADER];
  for (let i = 1; i <= PERSONS; i++) {
    registry.push(registryRow({ id: String(100000 + i), kana: 'シケン タロウ', kanji: '試験 太郎', birth: '2025-10-01', sex: '1', address: `仙台市青葉区試験町${i}` }));
  }
  await engine.session('clerk.kato', 'registration').importRegistry(csvBytes(registry), { fileName: 'full.csv' });
  await engine.session('clerk.kato', 'registration').registerResident('000001', aResident(1));
  await engine.session('clerk.kato', 'inquiry').viewLedger('000001');
  await engine.session('clerk.kato', 'inquiry').viewLedger('100001');
  // The auditor may not read a ledger: a denial of ledger.view, on the record.
  await engine.session('audit.mori', 'audit').viewLedger('000001').catch(() => undefined);
  await engine.close();
}, cliTimeout(1));

describe('vaxledger oplog: queries for auditors', () => {
  it('--for-purpose, --action and --from/--to select exactly the entries the whole log holds for them; the filters are recorded as criteria', async () => {
    const all = await oplogJson([]);
    const views = all.filter((e) => e.action === 'ledger.view');
    expect(views.map((e) => [e.operator, e.outcome])).toEqual([['clerk.kato', 'allowed'], ['clerk.kato', 'allowed'], ['audit.mori', 'denied']]);
    firstView = views[0]!.at;
    secondView = views[1]!.at;

    const inquiry = await oplogJson(['--for-purpose', 'inquiry']);
    expect(inquiry).toEqual(all.filter((e) => e.purpose === 'inquiry'));
    expect(inquiry.length).toBe(2);

    const byAction = await oplogJson(['--action', 'ledger.view']);
    expect(byAction).toEqual(views);
    const both = await oplogJson(['--action', 'ledger.view', '--for-purpose', 'audit', '--tail', '5']);
    expect(both).toEqual(views.filter((e) => e.purpose === 'audit'));

    // A window of instants, both ends included: the second view alone (given in JST, as an operator types it).
    const jst = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 19);
    const window = await oplogJson(['--from', jst(secondView), '--to', `${secondView.slice(0, 19)}Z`]);
    expect(window).toEqual(all.filter((e) => e.at >= secondView && Date.parse(e.at) <= Date.parse(secondView)));
    expect(window.map((e) => e.action)).toEqual(['ledger.view']);
    const text = await runCli(['oplog', ...as, '--from', firstView, '--to', secondView], audit);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    expect(text.stdout).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} JST/);

    // Bad filters are refused as bad input (exit 2), nothing listed.
    for (const bad of [['--for-purpose', 'gossip'], ['--action', 'Ledger View'], ['--from', '2026-02-30'], ['--from', secondView, '--to', firstView]]) {
      const r = await runCli(['oplog', ...as, ...bad], audit);
      expect([bad, r.code, r.stdout]).toEqual([bad, 2, '']);
    }

    // Each read was recorded with its filters as criteria (names and instants, no person's data).
    const engine = await openSqliteEngine({ file: db, tenant: TENANT, authenticator: hostAuthenticated });
    const criteria: string[][] = [];
    for await (const e of engine.store.readAll()) {
      const data = e.data as { action?: string; criteria?: string[] };
      if (e.type === 'RecordViewed' && data.action === 'oplog.view' && data.criteria) criteria.push(data.criteria);
    }
    await engine.close();
    expect(criteria).toContainEqual(['purpose=inquiry']);
    expect(criteria).toContainEqual(['action=ledger.view']);
    expect(criteria).toContainEqual(['purpose=audit', 'action=ledger.view']);
    expect(criteria).toContainEqual([`from=${secondView}`, `to=${secondView}`]);
  }, cliTimeout(14));

  it('--csv writes a BOM, a header with the keys of --json, then one row per entry (a large log, written as read)', async () => {
    const csv = await runCli(['oplog', ...as, '--csv'], audit);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.stdout.slice(1));
    const header = rows[0]!;
    const json = await oplogJson([]);
    // The JSON read came after the CSV read, and lists that read's own record too.
    const entries = json.slice(0, -1);
    expect(rows.length - 1).toBe(entries.length);
    expect(entries.length).toBeGreaterThan(PERSONS);
    expect(csv.stdout.length).toBeGreaterThan(1_000_000);
    const keys = new Set(json.flatMap((e) => Object.keys(e)));
    expect(new Set(header)).toEqual(keys);
    for (const [i, entry] of entries.entries()) {
      const row = Object.fromEntries(header.map((h, j) => [h, rows[i + 1]![j]]));
      const e = entry as unknown as Record<string, unknown>;
      const expected = Object.fromEntries(header.map((h) => [h, e[h] === undefined ? '' : Array.isArray(e[h]) ? (e[h] as string[]).join(';') : String(e[h])]));
      if (i % 500 === 0 || i === entries.length - 1) expect(row).toEqual(expected);
    }
    // CSV and JSON at once is a usage error.
    const json2 = await runCli(['oplog', ...as, '--csv', '--json'], audit);
    expect(json2.code).toBe(2);
  }, cliTimeout(3));

  it('--verify passes an untouched log and stops at a link broken with SQL, naming its position (exit 1)', async () => {
    const ok = await runCli(['oplog', ...as, '--verify', '--action', 'ledger.view'], audit);
    expect(ok.code).toBe(0);
    const okTail = await runCli(['oplog', ...as, '--verify', '--tail', '20', '--json'], audit);
    expect(okTail.code).toBe(0);

    const views = await oplogJson(['--action', 'ledger.view']);
    const target = views[0]!.position;
    const tampered = join(dir, 'tampered.db');
    copyFileSync(db, tampered);
    copyFileSync(`${db}.keys`, `${tampered}.keys`);
    // Someone with write access makes the first read look like an audit read.
    const sql = new Database(tampered);
    const changed = sql.prepare(`UPDATE events SET metadata = replace(metadata, '"purpose":"inquiry"', '"purpose":"audit"') WHERE position = ?`).run(target);
    sql.close();
    expect(changed.changes).toBe(1);
    const on = ['--db', tampered, '--operator', 'audit.mori'];

    const unchecked = await runCli(['oplog', ...on, '--action', 'ledger.view', '--json'], audit);
    expect(unchecked.code).toBe(0);
    expect((JSON.parse(unchecked.stdout) as Entry[])[0]!.purpose).toBe('audit');

    for (const args of [['--action', 'ledger.view'], ['--csv'], ['--for-purpose', 'audit', '--tail', '3']]) {
      const caught = await runCli(['oplog', ...on, '--verify', ...args], audit);
      expect([args, caught.code]).toEqual([args, 1]);
      expect(caught.stderr).toContain(`position ${target}`);
    }
  }, cliTimeout(8));
});
