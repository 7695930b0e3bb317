// Attacks on authentication (issue 19, items 1–3): a password oracle through malformed arguments, a race past the
// lockout, and silent trust. Real SQLite files and key files, real concurrency, real CLI processes.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { AccessDeniedError, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, FileKeyStore, MemoryEventStore, MemoryKeyStore, openSqliteEngine, secretAuthenticator, type Engine } from '@vaxledger/adapters';
import type { OplogEntry } from '@vaxledger/projections';
import { runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { TENANT } from '../../support/events.ts';

const SECRET = 'correct horse battery staple';

/** A key file that counts the secrets it is asked for: one per secret checked (scrypt runs right after). */
class CountingKeyStore extends FileKeyStore {
  checks = 0;
  override async getSecretHash(tenant: string, operatorId: string): Promise<string | null> {
    this.checks += 1;
    return super.getSecretHash(tenant, operatorId);
  }
}

async function denialsOf(engine: Engine, operatorId: string): Promise<OplogEntry[]> {
  return (await engine.session('auditor.kimura', 'audit', { secret: SECRET }).operationLog({ byOperator: operatorId })).filter((e) => e.outcome === 'denied');
}

async function sqliteEngine(name: string): Promise<{ engine: Engine; keys: CountingKeyStore }> {
  const file = join(tempDir(), `${name}.db`);
  const keys = new CountingKeyStore(`${file}.keys`, { create: true });
  const engine = await openSqliteEngine({ file, tenant: TENANT, create: true, keyStore: keys, authenticator: secretAuthenticator(keys) });
  await engine.initTenant('admin.sato', { secret: SECRET });
  const admin = engine.session('admin.sato', 'administration', { secret: SECRET });
  await admin.registerOperator('auditor.kimura', ['audit'], ['audit'], { secret: SECRET });
  await admin.registerOperator('clerk.kato', ['inquiry'], ['inquiry'], { secret: SECRET });
  await admin.registerOperator('stats.mori', ['statistics'], ['statistics'], { secret: SECRET });
  return { engine, keys };
}

describe('attack: a wrong secret with a malformed argument (19.1)', () => {
  it('is denied with one message whatever the arguments, logged with the id replaced by a placeholder, and counted', async () => {
    const { engine } = await sqliteEngine('oracle');
    const tries = [
      () => engine.session('clerk.kato', 'inquiry', { secret: 'guess-number-1' }).viewLedger('bad id!'),
      () => engine.session('clerk.kato', 'inquiry', { secret: 'guess-number-2' }).viewLedger('000001'),
      () => engine.session('clerk.kato', 'inquiry', { secret: 'guess-number-3' }).viewLedger('000001', { asOf: 'not a time' }),
    ];
    const messages: string[] = [];
    for (const attempt of tries) {
      const error = await attempt().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AccessDeniedError);
      expect((error as AccessDeniedError).reason).toBe('authentication-failed');
      messages.push((error as Error).message);
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/authentication failed/);
    const denials = await denialsOf(engine, 'clerk.kato');
    expect(denials.map((d) => [d.resident ?? null, d.reason])).toEqual([
      ['(invalid)', 'authentication-failed'], ['000001', 'authentication-failed'], ['000001', 'authentication-failed'],
    ]);
    // Counted: two more failures lock the id, and then even the right secret is refused.
    for (let i = 0; i < 2; i++) await expect(engine.session('clerk.kato', 'inquiry', { secret: 'guess' }).viewLedger('bad id!')).rejects.toThrow(/authentication failed/);
    await expect(engine.session('clerk.kato', 'inquiry', { secret: SECRET }).viewLedger('000001')).rejects.toThrow(/locked until \d\d:\d\d JST/);
    await engine.close();
  });

  it('an unknown operator and an operator without the role are denied and logged with a malformed id too', async () => {
    const { engine } = await sqliteEngine('stranger');
    await expect(engine.session('ghost.user', 'inquiry', { secret: 'x' }).viewLedger('bad id!')).rejects.toThrow(/unknown-operator/);
    await expect(engine.session('stats.mori', 'statistics', { secret: SECRET }).viewLedger('../../etc')).rejects.toThrow(/purpose-not-allowed/);
    expect((await denialsOf(engine, 'ghost.user')).map((d) => [d.resident, d.reason])).toEqual([['(invalid)', 'unknown-operator']]);
    expect((await denialsOf(engine, 'stats.mori')).map((d) => [d.resident, d.reason])).toEqual([['(invalid)', 'purpose-not-allowed']]);
    await engine.close();
  });
});

describe('attack: racing the lockout (19.2)', () => {
  it('150 concurrent sessions with wrong secrets and the right one get at most 5 secrets checked; every attempt is logged', async () => {
    const { engine, keys } = await sqliteEngine('race');
    keys.checks = 0;
    const right = 97;
    const attempts = Array.from({ length: 150 }, (_, i) => engine.session('admin.sato', 'administration', { secret: i === right ? SECRET : `wrong-secret-${i}` }).operatorReview());
    const outcomes = await Promise.allSettled(attempts);
    expect(keys.checks).toBeLessThanOrEqual(5);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AccessDeniedError);
    const reasons = refused.map((r) => ((r as PromiseRejectedResult).reason as AccessDeniedError).reason);
    expect(reasons.filter((r) => r === 'authentication-failed').length).toBeLessThanOrEqual(5);
    expect(reasons.filter((r) => r !== 'authentication-failed').every((r) => r === 'locked')).toBe(true);
    // Every refusal is on the record, once.
    const denials = await denialsOf(engine, 'admin.sato');
    expect(denials.length).toBe(refused.length);
    // Locked now, even with the right secret, until an administrator lifts it (another one: this one is locked).
    await expect(engine.session('admin.sato', 'administration', { secret: SECRET }).operatorReview()).rejects.toThrow(/locked until \d\d:\d\d JST \(\d+ min more\)/);
    await engine.close();
  });

  it('a lock ends after 15 minutes; an administrator can lift it earlier, on the record', async () => {
    let now = Date.parse('2026-04-01T00:00:00Z');
    const clock = { now: () => new Date((now += 1000)) };
    const keyStore = new MemoryKeyStore();
    const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, keyStore, authenticator: secretAuthenticator(keyStore, { clock }) });
    await engine.initTenant('admin.sato', { secret: SECRET });
    const admin = engine.session('admin.sato', 'administration', { secret: SECRET });
    await admin.registerOperator('clerk.kato', ['inquiry'], ['inquiry'], { secret: SECRET });
    for (let i = 0; i < 5; i++) await expect(engine.session('clerk.kato', 'inquiry', { secret: 'wrong' }).viewLedger('000001')).rejects.toThrow(/authentication failed/);
    // 5 failures at 09:00:0x JST: locked for 15 minutes.
    await expect(engine.session('clerk.kato', 'inquiry', { secret: SECRET }).viewLedger('000001')).rejects.toThrow(/locked until 09:15 JST/);
    await expect(engine.session('clerk.kato', 'administration', { secret: SECRET }).unlockOperator('clerk.kato')).rejects.toThrow(AccessDeniedError);
    await admin.unlockOperator('clerk.kato');
    await expect(engine.session('clerk.kato', 'inquiry', { secret: SECRET }).viewLedger('000001')).rejects.toThrow(/not registered/);
    const review = await admin.operatorReview();
    expect(review.find((o) => o.operatorId === 'clerk.kato')?.consecutiveFailures).toBe(0);
    await admin.registerOperator('auditor.kimura', ['audit'], ['audit'], { secret: SECRET });
    const unlocks = (await engine.session('auditor.kimura', 'audit', { secret: SECRET }).operationLog()).filter((e) => e.action === 'operator.unlock');
    expect(unlocks.map((e) => [e.operator, e.outcome])).toEqual([['admin.sato', 'allowed']]);
    for (let i = 0; i < 5; i++) await expect(engine.session('clerk.kato', 'inquiry', { secret: 'wrong' }).viewLedger('000001')).rejects.toThrow(/authentication failed/);
    await expect(engine.session('clerk.kato', 'inquiry', { secret: SECRET }).viewLedger('000001')).rejects.toThrow(/locked/);
    now += 15 * 60_000;
    await expect(engine.session('clerk.kato', 'inquiry', { secret: SECRET }).viewLedger('000001')).rejects.toThrow(/not registered/);
  });
});

describe('attack: silent trust (19.3)', () => {
  it('an engine needs an explicit authenticator, and hostAuthenticated refuses a secret', async () => {
    expect(() => createEngine({ store: new MemoryEventStore(), tenant: TENANT } as unknown as Parameters<typeof createEngine>[0])).toThrow(/authenticator/);
    await expect(openSqliteEngine({ file: join(tempDir(), 'x.db'), tenant: TENANT, create: true } as unknown as Parameters<typeof openSqliteEngine>[0])).rejects.toThrow(/authenticator/);
    const engine = createEngine({ store: new MemoryEventStore(), tenant: TENANT, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    // A host that meant to check secrets but built the engine on host trust: any secret would have been accepted.
    await expect(engine.session('admin.sato', 'administration', { secret: 'anything at all' }).operatorReview()).rejects.toThrow(/takes none/);
    // Without a secret, the host's word is taken; the refusal above is on the record.
    await engine.session('admin.sato', 'administration').registerOperator('auditor.kimura', ['audit'], ['audit']);
    const denied = await engine.session('auditor.kimura', 'audit').operationLog({ outcome: 'denied' });
    expect(denied.map((e) => [e.operator, e.action, e.reason])).toEqual([['admin.sato', 'operator.review', 'unexpected-credentials']]);
  });
});

describe('attack: on the command line (19.1–19.3)', () => {
  it('a wrong secret gets one answer whatever the arguments; a missing secret is its own answer and is not counted; 12 racing processes with wrong secrets get at most 5 checks; unlock lifts the lock', async () => {
    const db = join(tempDir(), 'cli.db');
    expect((await runCli(['init', '--db', db, '--tenant', TENANT, '--admin', 'admin.sato'])).code).toBe(0);
    const add = await runCli(['operator', 'add', 'clerk.kato', '--roles', 'inquiry', '--purposes', 'inquiry', '--db', db, '--operator', 'admin.sato', '--json']);
    expect(add.code).toBe(0);
    const clerkSecret = JSON.parse(add.stdout).secret as string;
    const as = (secret: string) => ({ VAXLEDGER_SECRET: secret });

    // 19.1: the same answer, exit 3, whatever else is wrong with the call.
    const answers = await Promise.all([
      runCli(['ledger', 'bad id!', '--db', db, '--operator', 'clerk.kato'], as('guess-1')),
      runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato', '--as-of', 'yesterday'], as('guess-2')),
      runCli(['operator', 'add', 'x.y', '--roles', 'nonsense', '--purposes', 'nonsense', '--db', db, '--operator', 'clerk.kato'], as('guess-3')),
    ]);
    for (const a of answers) expect([a.code, a.stderr]).toEqual([3, 'vaxledger: authentication failed (operator "clerk.kato")\n']);

    // 19.3: no secret at all: its own answer, logged, not an attempt (five of them do not lock).
    const missing = await Promise.all(Array.from({ length: 5 }, () => runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], as(''))));
    for (const m of missing) {
      expect(m.code).toBe(3);
      expect(m.stderr).toMatch(/set VAXLEDGER_SECRET/);
    }
    // Authenticated (3 failures so far, then a success resets them): the resident is simply not registered.
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], as(clerkSecret))).stderr).toMatch(/not registered/);

    // 19.2: 12 processes at once, each with a wrong secret. (Not the right one among them: a success clears the
    // failures before it, as it should, so how many wrong ones were checked would then depend on the interleaving.)
    const race = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], as(`wrong-secret-${i}`))));
    const failed = race.filter((r) => /authentication failed/.test(r.stderr)).length;
    const locked = race.filter((r) => /locked until \d\d:\d\d JST/.test(r.stderr)).length;
    expect(failed).toBeLessThanOrEqual(5);
    expect(failed + locked).toBe(12);
    const after = await runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], as(clerkSecret));
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/locked until \d\d:\d\d JST \(\d+ min more\)/);

    const unlock = await runCli(['operator', 'unlock', 'clerk.kato', '--db', db, '--operator', 'admin.sato']);
    expect(unlock.code).toBe(0);
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'clerk.kato'], as(clerkSecret))).stderr).toMatch(/not registered/);

    // Every refusal is on the record (3 wrong, 5 missing, the race's refused, 1 locked), and the unlock.
    const engine = await openSqliteEngine({ file: db, authenticator: hostAuthenticated });
    try {
      await engine.session('admin.sato', 'administration').registerOperator('auditor.kimura', ['audit'], ['audit']);
      const log = await engine.session('auditor.kimura', 'audit').operationLog();
      const denied = log.filter((e) => e.operator === 'clerk.kato' && e.outcome === 'denied');
      expect(denied.length).toBe(3 + 5 + failed + locked + 1);
      expect(denied.filter((e) => e.reason === 'no-credentials').length).toBe(5);
      expect(log.filter((e) => e.action === 'operator.unlock').map((e) => e.operator)).toEqual(['admin.sato']);
    } finally {
      await engine.close();
    }
  }, 600_000);
});
