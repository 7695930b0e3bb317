import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

const AUDIT_SECRET = 'audit-secret-for-tests';
const CLERK_SECRET = 'clerk-secret-for-tests';
const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/;
// Ids that the text must show by their Japanese names.
const IDS = /\b(intermediate-server|person-or-representative|person-by-mail|requester|linkage|inquiry|notices|disclosure|copies|certificate|integratedAddresseeNo|kanjiName|my-number-act-19-8|ticket|hib)\b/;

describe('vaxledger provisions', () => {
  it('prints the provision record in Japanese (宛先, 提供項目, 提供日時 in JST, 目的, 決定者); --json keeps the ids; others are denied', async () => {
    const db = join(tempDir(), 'provisions.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated, clock: steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000) });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const admin = engine.session('admin.sato', 'administration');
    await admin.registerOperator('audit.mori', ['audit'], ['audit'], { secret: AUDIT_SECRET });
    await admin.registerOperator('clerk.tanaka', ['registration'], ['registration'], { secret: CLERK_SECRET });
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000001', aResident(1, { birthDate: '2026-01-10', integratedAddresseeNo: 'K-7731-0042' }));
    await s.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2026-03-15', source: 'clinic-slip' });
    const { exportId } = await engine.session('admin.sato', 'linkage').exportCopies({ write: async () => {} });
    const { certificateId } = await engine.session('admin.sato', 'inquiry').issueCertificate('000001', { identityDocument: '運転免許証' });
    const { runId } = await engine.session('admin.sato', 'notices').issueNotices('ticket', { vaccine: 'hib', dose: 1, date: '2026-04-01' });
    const privacy = engine.session('admin.sato', 'disclosure');
    const { requestId } = await privacy.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-04-01' });
    await privacy.decideRequest(requestId, 'granted', '全部開示');
    await engine.close();
    const as = ['--db', db, '--operator', 'audit.mori'];
    const audit = { VAXLEDGER_SECRET: AUDIT_SECRET };
    const clerk = { VAXLEDGER_SECRET: CLERK_SECRET };

    const text = await runCli(['provisions', '000001', ...as], audit);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('提供の記録  整理番号 000001  4件');
    expect(text.stdout).toContain('宛先      中間サーバ (情報提供ネットワークシステム)');
    expect(text.stdout).toContain('提供項目  統合宛名番号、接種名称、期回数、接種日、接種区分');
    expect(text.stdout).toContain('目的      情報連携 (番号法第19条第8号 (別表第2の16の2の項・115の2の項))');
    expect(text.stdout).toContain('決定者    admin.sato');
    expect(text.stdout).toContain('宛先      本人又は代理人 (窓口)');
    expect(text.stdout).toContain('提供項目  氏名、カナ氏名、生年月日、接種名称、期回数、接種日、接種区分、ワクチン、ワクチンメーカー、Lot番号、接種医療機関番号');
    expect(text.stdout).toContain('予防接種済証の交付  1件の記録 (本人確認: 運転免許証)');
    expect(text.stdout).toContain('通知の送付  接種券 ヒブ (Hib) 第1回');
    expect(text.stdout).toContain('宛先      開示請求者 (本人又は代理人)');
    expect(text.stdout).toContain('目的      開示 (個人情報の保護に関する法律第76条 (開示請求))');
    expect(text.stdout).toMatch(new RegExp(`提供日時  ${JST_TIME.source.replace(' JST', ':\\d{2} JST')}`));
    expect(text.stdout).not.toMatch(IDS);
    expect(text.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/); // no UTC instant
    expect(text.stdout.indexOf('副本登録')).toBeLessThan(text.stdout.indexOf('開示  開示決定'));

    const json = await runCli(['provisions', '000001', ...as, '--json'], audit);
    expect(json.code).toBe(0);
    const record = JSON.parse(json.stdout) as { residentId: string; provisions: Array<{ kind: string; provisionId: string; recipient: string; operatorId: string; at: string }> };
    expect(record.residentId).toBe('000001');
    expect(record.provisions.map((p) => [p.kind, p.provisionId, p.recipient])).toEqual([
      ['copies', exportId, 'intermediate-server'], ['certificate', certificateId, 'person-or-representative'],
      ['notices', runId, 'person-by-mail'], ['disclosure', requestId, 'requester'],
    ]);
    expect(record.provisions[0]!.at).toMatch(/Z$/);

    // A clerk without the role (acting for their own affair, or claiming audit) is denied: exit 3, nothing shown.
    const denied = await runCli(['provisions', '000001', '--db', db, '--operator', 'clerk.tanaka'], clerk);
    expect(denied.code).toBe(3);
    expect(denied.stdout).toBe('');
    expect((await runCli(['provisions', '000001', '--db', db, '--operator', 'clerk.tanaka', '--purpose', 'registration'], clerk)).code).toBe(3);
    // A person nobody registered: bad input.
    expect((await runCli(['provisions', '000404', ...as], audit)).code).toBe(2);
    const log = JSON.parse((await runCli(['oplog', '--db', db, '--operator', 'audit.mori', '--json'], audit)).stdout) as Array<{ action: string; operator: string; outcome: string }>;
    expect(log.filter((e) => e.action === 'provisions.view').map((e) => [e.operator, e.outcome])).toEqual([
      ['audit.mori', 'allowed'], ['audit.mori', 'allowed'], ['clerk.tanaka', 'denied'], ['clerk.tanaka', 'denied'], ['audit.mori', 'rejected'],
    ]);
  }, cliTimeout(8));
});
