/**
 * The example city: a host application embedding vaxledger on the embedded SQLite store.
 *
 *   npm start            (from the repository root)
 *
 * It creates ./example-city.db, registers a few hundred synthetic residents and their vaccinations, corrects and
 * voids some, imports a VRS download, issues notices and a certificate, writes the 副本 file (./example-city-copies.csv), prints one resident's
 * ledger and the tail of the operation log, and verifies the store. Afterwards:
 *
 *   VAXLEDGER_SECRET=example-clerk-secret npx vaxledger ledger 100001 --db example-city.db --operator clerk.tanaka
 *   VAXLEDGER_SECRET=example-audit-secret npx vaxledger oplog --db example-city.db --operator auditor.kimura --tail 10
 *   npx vaxledger verify --db example-city.db
 */
import { rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dayNumberOf, formatIsoDate, parseIsoDate, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { renderLedger } from '@vaxledger/cli/render';
import { seededRandom, syntheticResidents, typicalDoses } from './synthetic-city.ts';

const DB = resolve(process.env.VAXLEDGER_EXAMPLE_DB ?? 'example-city.db');
const RESIDENTS = Number(process.env.VAXLEDGER_EXAMPLE_RESIDENTS ?? 300);
const TENANT = '041009'; // 仙台市 (the city of the privacy assessment)
const TODAY = dayNumberOf(2026, 6, 30);
const DEMO_SECRETS = {
  'admin.sato': 'example-admin-secret',
  'clerk.tanaka': 'example-clerk-secret',
  'auditor.kimura': 'example-audit-secret',
  'notice.ito': 'example-notice-secret',
  'stats.mori': 'example-stats-secret',
  'linkage.kato': 'example-linkage-secret',
} as const;

const COPY_FILE = DB.replace(/\.db$/, '') + '-copies.csv';
for (const suffix of ['', '-wal', '-shm', '.keys']) rmSync(DB + suffix, { force: true });
rmSync(COPY_FILE, { force: true });

const engine = await openSqliteEngine({ file: DB, tenant: TENANT, create: true, authenticator: hostAuthenticated });
const started = Date.now();
try {
  // 1. The system administrator is the first operator; everyone else gets only what their work needs. Secrets are
  //    kept as scrypt hashes in example-city.db.keys (never in the database); these are demo secrets, printed below
  //    so that you can try the CLI — a real host lets each person choose their own.
  await engine.initTenant('admin.sato', { secret: DEMO_SECRETS['admin.sato'] });
  const admin = engine.session('admin.sato', 'administration');
  await admin.registerOperator('clerk.tanaka', ['registration', 'inquiry'], ['registration', 'inquiry'], { secret: DEMO_SECRETS['clerk.tanaka'] });
  await admin.registerOperator('auditor.kimura', ['audit'], ['audit'], { secret: DEMO_SECRETS['auditor.kimura'] });
  await admin.registerOperator('notice.ito', ['notices'], ['notices'], { secret: DEMO_SECRETS['notice.ito'] });
  await admin.registerOperator('stats.mori', ['statistics'], ['statistics'], { secret: DEMO_SECRETS['stats.mori'] });
  await admin.registerOperator('linkage.kato', ['linkage'], ['linkage'], { secret: DEMO_SECRETS['linkage.kato'] });
  console.log('operators: admin.sato (administrator), clerk.tanaka (registration, inquiry), auditor.kimura (audit), notice.ito (notices), stats.mori (statistics), linkage.kato (linkage)');

  // 2. 対象者登録: residents from the registry.
  const clerk = engine.session('clerk.tanaka', 'registration');
  const residents = syntheticResidents(RESIDENTS);
  for (const r of residents) await clerk.registerResident(r.residentId, r.details);
  console.log(`registered ${residents.length} synthetic residents`);

  // 3. 予防接種実績登録: vaccinations, as clinic slips would bring them.
  const random = seededRandom(7);
  const recorded: Array<{ residentId: string; recordId: string }> = [];
  for (const r of residents) {
    const birth = parseIsoDate(r.details.birthDate)!;
    for (const dose of typicalDoses(r.details.birthDate)) {
      const day = birth + dose.ageDays + Math.floor(random() * 4);
      if (day > TODAY || random() < 0.15) continue; // some doses not (yet) given
      const { recordId } = await clerk.recordVaccination({
        residentId: r.residentId, vaccine: dose.vaccine, dose: dose.dose, date: formatIsoDate(day),
        clinicNo: `04${1000 + Math.floor(random() * 200)}`, lot: `L${Math.floor(random() * 90000 + 10000)}`, source: 'clinic-slip',
      });
      recorded.push({ residentId: r.residentId, recordId });
    }
  }
  console.log(`recorded ${recorded.length} vaccinations`);

  // 4. Mistakes happen: corrections and voids are new events; nothing is edited in place.
  for (let i = 0; i < recorded.length; i += 40) {
    const { residentId, recordId } = recorded[i]!;
    await clerk.correctVaccination({ residentId, recordId, changes: { lot: `L${90000 + i}` }, reason: 'Lot番号の誤入力 (slip re-checked)' });
  }
  for (let i = 17; i < recorded.length; i += 97) {
    const { residentId, recordId } = recorded[i]!;
    await clerk.voidVaccination({ residentId, recordId, reason: '別人の個人票を登録したため取消' });
  }
  console.log('corrected every 40th record and voided a few');

  // 4b. VRS: COVID-19 records downloaded from the state's system (no 個人番号 in it), matched by 接種券番号 (the
  //     整理番号 on the city's tickets) and the 属性情報 like a slip. One row is planted with a wrong birth date: held.
  const elderly = residents.filter((r) => r.details.birthDate < '1960-01-01').slice(0, 6);
  const vrsRows = elderly.map((r, i) => [
    TENANT, r.residentId, r.details.kanaName, i === 0 ? '1900-01-01' : r.details.birthDate, r.details.sex === 'male' ? '1' : '2',
    '2025-10-20', '1', 'ファイザー', `FK${1000 + i}`,
  ].join(','));
  const vrsFile = Buffer.from(['自治体コード,接種券番号,氏名カナ,生年月日,性別,接種日,接種回数,ワクチンメーカー,ロット番号', ...vrsRows, ''].join('\r\n'), 'utf8');
  const vrs = await clerk.importVrs(vrsFile, { fileName: 'vrs-2025-10.csv' });
  console.log(`VRS download: ${vrs.rows} rows, ${vrs.events - vrs.held} recorded with source vrs, ${vrs.held} held (疑義)`);

  // 5. 対象者抽出: tickets for newborns whose 五種混合 window opens by next month, reminders for MR 1期.
  const notices = engine.session('notice.ito', 'notices');
  const tickets = await notices.issueNotices('ticket', { vaccine: 'dpt-ipv-hib', dose: 1, date: formatIsoDate(TODAY + 1), withinDays: 31, birthFrom: formatIsoDate(TODAY - 120) });
  console.log(`\n接種券 (tickets) 五種混合 1回目, due next month: ${tickets.notices.length} (run ${tickets.runId}, ${tickets.withheld} withheld)`);
  for (const t of tickets.notices.slice(0, 5)) console.log(`  ${t.residentId} ${t.kanjiName} 〒${t.postalCode} ${t.address}  ${t.status}, window ${t.window?.from} … ${t.window?.to}`);
  const reminders = await notices.issueNotices('reminder', { vaccine: 'mr', dose: 1, date: formatIsoDate(TODAY), birthFrom: formatIsoDate(TODAY - 365 * 3) });
  console.log(`勧奨通知 (reminders) MR 1期, not yet received: ${reminders.notices.length}`);
  for (const r of reminders.notices.slice(0, 5)) console.log(`  ${r.residentId} ${r.kanjiName}  ${r.status}, window ${r.window?.from} … ${r.window?.to}`);
  const stats = await engine.session('stats.mori', 'statistics').statistics(2025);
  const shown = stats.doses.filter((d) => d.count !== null);
  console.log(`統計 FY2025: ${stats.doses.length} cells, ${stats.doses.length - shown.length} suppressed (< ${stats.minimumCell} persons)`);

  // 6. 照会: a clerk looks at one resident's ledger (the read itself goes into the operation log).
  const first = recorded[0]!.residentId;
  const view = await engine.session('clerk.tanaka', 'inquiry').viewLedger(first);
  console.log(`\n${renderLedger(view)}`);

  // 6b. 証明書: at the counter, after checking the person's identity document, the clerk issues a certificate.
  const certificate = await engine.session('clerk.tanaka', 'inquiry').issueCertificate(first, { identityDocument: '個人番号カード' });
  console.log(`予防接種済証 ${certificate.certificateId} for ${certificate.residentId}: ${certificate.doses.length} doses certified`);

  // 6c. 副本: the linkage officer writes the file the intermediate server answers other municipalities from
  //     (統合宛名番号 and records only). The export is on the record with the file's SHA-256.
  const copies = await engine.session('linkage.kato', 'linkage').exportCopies({ write: (chunk) => appendFile(COPY_FILE, chunk) });
  console.log(`副本: ${copies.residents} persons, ${copies.records} records written to ${COPY_FILE} (${copies.unlinked} without 統合宛名番号 not sent)\n`);

  // 7. The auditor reads the tail of the operation log: who did what, for which affair, allowed or denied.
  await engine.session('clerk.tanaka', 'statistics').viewLedger(first).catch(() => undefined); // denied: not her purpose
  const log = await engine.session('auditor.kimura', 'audit').operationLog({ limit: 8 });
  console.log('operation log (last 8):');
  for (const e of log) console.log(`  #${e.position} ${e.at} ${e.operator} ${e.purpose} ${e.action} ${e.resident ?? '-'} ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`);

  // 8. Integrity: the hash chain and every projection against a rebuild from zero.
  const report = await engine.verify();
  console.log(`\nverify: ${report.ok ? 'ok' : 'FAILED'} — ${report.events} events, chain head ${report.headHash.slice(0, 16)}…`);
  if (!report.ok) process.exitCode = 1;
} finally {
  await engine.close();
}
console.log(`\nstore left at ${DB}, keys at ${DB}.keys (${((Date.now() - started) / 1000).toFixed(1)} s). Try (demo secrets):`);
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['clerk.tanaka']} npx vaxledger ledger 100001 --db example-city.db --operator clerk.tanaka`);
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['auditor.kimura']} npx vaxledger oplog --db example-city.db --operator auditor.kimura --tail 10`);
console.log('  npx vaxledger verify --db example-city.db');
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['notice.ito']} npx vaxledger eligible --db example-city.db --operator notice.ito --vaccine mr --dose 1 --date 2026-06-30`);
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['stats.mori']} npx vaxledger stats --db example-city.db --operator stats.mori --fiscal-year 2025`);
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['clerk.tanaka']} npx vaxledger certificate 100001 --identity-document 運転免許証 --db example-city.db --operator clerk.tanaka`);
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['linkage.kato']} npx vaxledger copy export --out example-city-copies-2.csv --db example-city.db --operator linkage.kato`);
console.log(`  VAXLEDGER_SECRET=${DEMO_SECRETS['auditor.kimura']} npx vaxledger copy verify example-city-copies.csv --db example-city.db --operator auditor.kimura`);
