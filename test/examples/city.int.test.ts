import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { cliTimeout, REPO_ROOT, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

const TSX = createRequire(import.meta.url).resolve('tsx/esm');

function runExample(db: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(REPO_ROOT, 'examples/city/main.ts')], {
      cwd: REPO_ROOT, env: { ...process.env, VAXLEDGER_EXAMPLE_DB: db, VAXLEDGER_EXAMPLE_RESIDENTS: '60' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe('examples/city (what `npm start` runs)', () => {
  it('builds a store that the CLI can read and verify, as the README says', async () => {
    const db = join(tempDir(), 'example-city.db');
    const run = await runExample(db);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/verify: ok/);
    expect(run.stdout).toMatch(/VRS download: 6 rows, 5 recorded with source vrs, 1 held/);
    expect(run.stdout).toMatch(/denied \(purpose-not-allowed\)/);

    // The README's commands, with the example's demo secrets.
    const ledger = await runCli(['ledger', '100001', '--db', db, '--operator', 'clerk.tanaka', '--json'], { VAXLEDGER_SECRET: 'example-clerk-secret' });
    expect(ledger.code).toBe(0);
    expect(JSON.parse(ledger.stdout).residentId).toBe('100001');
    expect((await runCli(['ledger', '100001', '--db', db, '--operator', 'clerk.tanaka'], { VAXLEDGER_SECRET: 'not-her-secret' })).code).toBe(3);
    const oplog = await runCli(['oplog', '--db', db, '--operator', 'auditor.kimura', '--tail', '3', '--json'], { VAXLEDGER_SECRET: 'example-audit-secret' });
    expect(oplog.code).toBe(0);
    const last = JSON.parse(oplog.stdout).at(-1);
    // The CLI signs the operator in before it reads its arguments: the refusal is of the sign-in, naming no resident.
    expect(last).toMatchObject({ operator: 'clerk.tanaka', action: 'sign-in', outcome: 'denied', reason: 'authentication-failed' });
    expect(last).not.toHaveProperty('resident');
    const cert = await runCli(['certificate', '100001', '--identity-document', '運転免許証', '--db', db, '--operator', 'clerk.tanaka', '--json'], { VAXLEDGER_SECRET: 'example-clerk-secret' });
    expect(cert.code).toBe(0);
    expect(JSON.parse(cert.stdout).doses.length).toBeGreaterThan(0);
    // the example wrote the first 副本 file beside the store; the next export holds only what changed since (nothing)
    expect(readFileSync(db.replace(/\.db$/, '-copies.csv'), 'utf8')).toMatch(/^統合宛名番号,接種名称区分,期回数区分,接種日,接種区分\r\nA\d{9},/);
    const copies = await runCli(['copy', 'export', '--out', join(dirname(db), 'example-city-copies-2.csv'), '--db', db, '--operator', 'linkage.kato', '--json'], { VAXLEDGER_SECRET: 'example-linkage-secret' });
    expect(copies.code).toBe(0);
    expect(JSON.parse(copies.stdout)).toMatchObject({ full: false, residents: 0 });
    const verified = await runCli(['copy', 'verify', db.replace(/\.db$/, '-copies.csv'), '--db', db, '--operator', 'auditor.kimura'], { VAXLEDGER_SECRET: 'example-audit-secret' });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/export .* by linkage\.kato/);
    // 提供の記録: the certificate just issued and the 副本 that carried the person, each with whom it went to.
    const provisions = await runCli(['provisions', '100001', '--db', db, '--operator', 'auditor.kimura'], { VAXLEDGER_SECRET: 'example-audit-secret' });
    expect(provisions.code).toBe(0);
    expect(provisions.stdout).toMatch(/予防接種済証の交付[\s\S]*宛先 {6}本人又は代理人 \(窓口\)[\s\S]*決定者 {4}clerk\.tanaka/);
    expect(provisions.stdout).toContain('宛先      中間サーバ (情報提供ネットワークシステム)');
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(11));
});
