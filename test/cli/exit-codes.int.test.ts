import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();
const db = join(dir, 'cli.db');

describe('vaxledger CLI exit codes (0 ok, 1 check failed, 2 bad input or usage, 3 denied)', () => {
  it('init, then each command answers with the documented code', async () => {
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    // A second init of the same tenant is bad input, and a wrong check digit too.
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(2);
    const wrongTenant = await runCli(['init', '--db', join(dir, 'other.db'), '--tenant', '041008', '--admin', 'admin.sato']);
    expect(wrongTenant.code).toBe(2);
    expect(wrongTenant.stderr).toMatch(/check digit/);

    const unknownResident = await runCli(['ledger', '000999', '--db', db, '--operator', 'admin.sato']);
    expect(unknownResident.code).toBe(2);
    expect(unknownResident.stderr).toMatch(/not registered/);
    expect((await runCli(['ledger', '000999', '--db', db, '--operator', 'ghost.user'])).code).toBe(3);
    expect((await runCli(['ledger', '000999', '--db', db, '--operator', 'admin.sato', '--purpose', 'gossip'])).code).toBe(2);
    expect((await runCli(['oplog', '--db', db])).code).toBe(2); // --operator missing
    const badTail = await runCli(['oplog', '--db', db, '--operator', 'admin.sato', '--tail', 'ten']);
    expect(badTail.code).toBe(2);
    expect(badTail.stderr).toMatch(/--tail/);
    expect((await runCli(['no-such-command'])).code).toBe(2);
    expect((await runCli(['ledger', '000999', '--db', join(dir, 'missing.db'), '--operator', 'admin.sato'])).code).toBe(2);

    const denied = await runCli(['oplog', '--db', db, '--operator', 'admin.sato', '--outcome', 'denied', '--json']);
    expect(denied.code).toBe(0);
    const entries = JSON.parse(denied.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e.operator, e.outcome])).toEqual([['ghost.user', 'denied']]);
    // A refused sign-in (before the command reads its arguments) names no resident.
    for (const key of ['position', 'at', 'operator', 'purpose', 'action', 'outcome', 'reason']) expect(entries[0]).toHaveProperty(key);
    expect(entries[0]).toMatchObject({ action: 'sign-in', reason: 'unknown-operator' });
    const tail = await runCli(['oplog', '--db', db, '--operator', 'admin.sato', '--tail', '1', '--json']);
    expect(tail.code).toBe(0);
    // The last entry is the read of the log just before this one.
    expect((JSON.parse(tail.stdout) as Array<Record<string, unknown>>).map((e) => e.action)).toEqual(['oplog.view']);

    const verify = await runCli(['verify', '--db', db, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).ok).toBe(true);
  }, cliTimeout(13));
});
