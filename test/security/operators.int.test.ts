import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { AccessDeniedError, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore, MemoryKeyStore, secretAuthenticator } from '@vaxledger/adapters';
import { cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { TENANT } from '../support/events.ts';

describe('operators: individual ids, roles, affairs, secrets', () => {
  it('authenticates by secret, records failures as denials and locks after repeated failures', async () => {
    const clock = steppingClock(new Date('2026-04-01T09:00:00Z'), 1000);
    const keyStore = new MemoryKeyStore();
    const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, keyStore, authenticator: secretAuthenticator(keyStore) });
    await engine.initTenant('admin.sato', { secret: 'correct horse battery' });
    const admin = engine.session('admin.sato', 'administration', { secret: 'correct horse battery' });
    const { secret } = await admin.registerOperator('clerk.suzuki', ['inquiry'], ['inquiry']);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Only the hash is kept.
    expect(await keyStore.getSecretHash(TENANT, 'clerk.suzuki')).toMatch(/^scrypt\$/);
    await expect(engine.session('clerk.suzuki', 'inquiry', { secret }).operationLog()).rejects.toThrow(/role-not-allowed|purpose-not-allowed/);
    for (let i = 0; i < 5; i++) {
      await expect(engine.session('clerk.suzuki', 'inquiry', { secret: 'wrong' }).viewLedger('000001')).rejects.toThrow(/authentication failed/);
    }
    // Locked now, even with the right secret.
    await expect(engine.session('clerk.suzuki', 'inquiry', { secret }).viewLedger('000001')).rejects.toThrow(/locked/);
    const log = await engine.session('admin.sato', 'audit', { secret: 'correct horse battery' }).operationLog({ byOperator: 'clerk.suzuki', outcome: 'denied' });
    expect(log.map((e) => e.reason)).toEqual(['purpose-not-allowed', ...Array(5).fill('authentication-failed'), 'locked']);
    expect(JSON.stringify(log)).not.toContain(secret!);
  });

  it('grants, revokes and deactivates; revocation and deactivation take effect at once; shared ids are refused', async () => {
    const engine = createEngine({ store: new MemoryEventStore(), tenant: TENANT, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const admin = engine.session('admin.sato', 'administration');
    await expect(admin.registerOperator('admin2', ['inquiry'], ['inquiry'])).rejects.toThrow(/shared/);
    await admin.registerOperator('clerk.suzuki', ['inquiry'], ['inquiry']);
    await engine.session('admin.sato', 'registration').registerResident('000001', { kanaName: 'ア イ', kanjiName: '阿 伊', sex: 'female', birthDate: '2020-01-01', address: '仙台市' });
    await engine.session('clerk.suzuki', 'inquiry').viewLedger('000001');
    await admin.revokeRoles('clerk.suzuki', ['inquiry']);
    await expect(engine.session('clerk.suzuki', 'inquiry').viewLedger('000001')).rejects.toThrow(/role-not-allowed/);
    await admin.grantRoles('clerk.suzuki', ['inquiry', 'notices'], ['notices']);
    await engine.session('clerk.suzuki', 'notices').eligible({ vaccine: 'mr', dose: 2, date: '2026-05-01' });
    await admin.deactivateOperator('clerk.suzuki', '人事異動');
    await expect(engine.session('clerk.suzuki', 'notices').eligible({ vaccine: 'mr', dose: 2, date: '2026-05-01' })).rejects.toBeInstanceOf(AccessDeniedError);
    // Only an administrator manages operators.
    await expect(engine.session('clerk.suzuki', 'administration').registerOperator('x.y', ['audit'], ['audit'])).rejects.toBeInstanceOf(AccessDeniedError);
    const review = await admin.operatorReview();
    expect(review.map((o) => [o.operatorId, o.status, o.roles])).toEqual([
      ['admin.sato', 'active', ['administrator']], ['clerk.suzuki', 'deactivated', ['inquiry', 'notices']],
    ]);
    expect(review.find((o) => o.operatorId === 'clerk.suzuki')!.lastActedAt).toBeDefined();
  });

  it('on the command line: init takes VAXLEDGER_SECRET, operator add prints the initial secret once, passwd changes it, review lists', async () => {
    const db = join(tempDir(), 'ops.db');
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'], { VAXLEDGER_SECRET: '' })).code).toBe(2);
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    const add = await runCli(['operator', 'add', 'clerk.kato', '--roles', 'registration,inquiry', '--purposes', 'registration,inquiry', '--db', db, '--operator', 'admin.sato', '--json']);
    expect(add.code).toBe(0);
    const { secret } = JSON.parse(add.stdout);
    expect(typeof secret).toBe('string');
    expect(readFileSync(db).includes(Buffer.from(secret))).toBe(false);
    expect(readFileSync(`${db}.keys`, 'utf8')).not.toContain(secret);
    expect((await runCli(['oplog', '--db', db, '--operator', 'admin.sato'], { VAXLEDGER_SECRET: 'wrong-secret-here' })).code).toBe(3);
    const passwd = await runCli(['operator', 'passwd', '--db', db, '--operator', 'clerk.kato', '--purpose', 'inquiry'], { VAXLEDGER_SECRET: secret, VAXLEDGER_NEW_SECRET: 'a-new-long-secret' });
    expect(passwd.code).toBe(0);
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], { VAXLEDGER_SECRET: secret })).code).toBe(3);
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], { VAXLEDGER_SECRET: 'a-new-long-secret' })).code).toBe(2); // authenticated; unknown resident
    expect((await runCli(['operator', 'deactivate', 'clerk.kato', '--db', db, '--operator', 'admin.sato'])).code).toBe(0);
    const review = JSON.parse((await runCli(['operator', 'review', '--db', db, '--operator', 'admin.sato', '--json'])).stdout);
    expect(review.map((o: { operatorId: string; status: string }) => [o.operatorId, o.status])).toEqual([['admin.sato', 'active'], ['clerk.kato', 'deactivated']]);
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], { VAXLEDGER_SECRET: 'a-new-long-secret' })).code).toBe(3);
  }, cliTimeout(10));
});
