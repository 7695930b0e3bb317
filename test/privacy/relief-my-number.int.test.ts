import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { BENEFIT_NAMES, BENEFITS_BY_CLASS, LUMP_SUM_BENEFITS, myNumberCheckDigit, RELIEF_BENEFITS, type ReliefBenefit } from '@vaxledger/domain';
import { japanDate, myNumberIndexOf, openSqliteEngine, secretAuthenticator } from '@vaxledger/adapters';
import type { ReliefCaseDoc } from '@vaxledger/projections';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';
import { runMain } from '../support/in-process-cli.ts';
import { cliTimeout, runCli } from '../support/child.ts';
import { filesOf, spellings, tracesFound } from '../support/my-number-scan.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Issue 23, "My Number: at the boundary only". Relief intake is the one place a 個人番号 enters: through standard input
 * (`--my-number-stdin`) and a resolver file, never a flag. Random valid numbers, in the spellings people write, go in
 * through random sequences of relief commands and the others of issue 23 and before (ledger, operation log,
 * certificates as text and as a SMART Health Card with its QR, the public keys, 副本 export, transfer inquiries, the
 * provision record); after each step a byte scan of the database, its WAL
 * and shared memory, the key file, every file the commands wrote and all their output finds no number in any spelling
 * and none of its unkeyed SHA-256, SHA-1 or MD5 (hex, base64, raw). The resolver files are input and are not scanned.
 *
 * The CLI's `main(argv)` runs in this process for most steps, its standard input a stream of the number's bytes; one
 * lodge per run goes through a real `vaxledger` process whose standard input is a pipe (the CLI needs a build).
 */
const TENANT = '041009';
const root = tempDir('vaxledger-relief-');
const store = join(root, 'store');
const inputs = join(root, 'inputs');
mkdirSync(store);
mkdirSync(inputs);
const db = join(store, 'city.db');

/** The residents, each with one vaccination: an A類 one (Hib), a B類 one (influenza at 75), a voluntary one (MR too early: no relief under the Act). */
const PEOPLE = [
  { id: '100001', kana: 'シケン タロウ', kanji: '試験 太郎', birth: '2020-04-01', sex: '1', address: '仙台市青葉区1', integrated: 'K-1', record: ['--vaccine', 'hib', '--dose', '1', '--date', '2020-06-01'], reliefClass: 'A' },
  { id: '100002', kana: 'シケン ハナコ', kanji: '試験 花子', birth: '1950-04-01', sex: '2', address: '仙台市青葉区2', integrated: 'K-2', record: ['--vaccine', 'influenza', '--dose', '1', '--date', '2025-11-01'], reliefClass: 'B' },
  { id: '100003', kana: 'シケン ジロウ', kanji: '試験 次郎', birth: '2019-04-01', sex: '1', address: '仙台市青葉区3', integrated: 'K-3', record: ['--vaccine', 'mr', '--dose', '1', '--date', '2019-05-01'], reliefClass: null },
] as const;
const recordIds: string[] = [];

const myNumberArb = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 }).map((h) => h + String(myNumberCheckDigit(h)));
/** The same 12 digits with the last one changed: a number whose check digit fails. */
const broken = (n: string) => n.slice(0, 11) + String((Number(n[11]) + 1) % 10);

const as = (purpose: string) => ['--db', db, '--operator', 'admin.sato', '--purpose', purpose];
const outputs: string[] = [];
const used: string[] = [];
let written = 0;

async function cli(args: string[], input?: string, child = false) {
  const r = child ? await runCli(args, {}, input) : await runMain(args, {}, input);
  outputs.push(r.stdout, r.stderr);
  return r;
}

function traces(numbers: readonly string[]): string[] {
  const places = { ...filesOf(store), 'file names': readdirSync(store).join('\n'), 'stdout/stderr': outputs.join('\n') };
  return numbers.flatMap((n) => tracesFound(n, places));
}

/** A resolver file as the 団体内統合宛名システム exports it: by 整理番号 or 統合宛名番号, CP932 or UTF-8, CRLF or LF. */
function resolverFile(numbers: readonly string[], by: 'residentId' | 'integrated', encoding: 'cp932' | 'utf-8', eol: '\r\n' | '\n'): string {
  const header = by === 'residentId' ? '個人番号,整理番号' : '統合宛名番号,個人番号';
  const rows = PEOPLE.map((p, i) => (by === 'residentId' ? `${numbers[i]},${p.id}` : `${p.integrated},${numbers[i]}`));
  const text = [header, ...rows].join(eol) + eol;
  const path = join(inputs, `resolver-${++written}.csv`);
  writeFileSync(path, encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8'));
  return path;
}

beforeAll(async () => {
  expect((await runMain(['init', '--db', db, '--tenant', TENANT, '--admin', 'admin.sato'])).code).toBe(0);
  const registry = join(inputs, 'registry.csv');
  writeFileSync(registry, csvBytes([[...REGISTRY_HEADER, '統合宛名番号'], ...PEOPLE.map((p) => [...registryRow(p), p.integrated])]));
  expect((await runMain(['import', 'registry', registry, ...as('registration')])).code).toBe(0);
  for (const p of PEOPLE) {
    const r = await runMain(['record', p.id, ...p.record, '--identity-document', '母子健康手帳', '--json', ...as('registration')]);
    expect(r.code, r.stderr).toBe(0);
    recordIds.push((JSON.parse(r.stdout) as { recordId: string }).recordId);
  }
}, cliTimeout(2));

type Whose = 'own' | 'another' | 'unknown' | 'broken';
/** The other commands of issue 23 and before, each writing what it writes into the scanned folder. */
const OTHER_KINDS = ['list', 'ledger', 'oplog', 'certificate', 'copy', 'inquire', 'card', 'keys', 'provisions'] as const;
type OtherKind = (typeof OTHER_KINDS)[number];
type Step =
  | { readonly kind: 'lodge'; readonly person: number; readonly whose: Whose; readonly benefit: ReliefBenefit; readonly japanese: boolean; readonly spelling: number }
  | { readonly kind: 'forward' | 'decide' | 'pay'; readonly pick: number; readonly certified: boolean; readonly amount: number }
  | { readonly kind: OtherKind; readonly person: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('lodge' as const), person: fc.nat(2), whose: fc.constantFrom<Whose>('own', 'own', 'own', 'another', 'unknown', 'broken'), benefit: fc.constantFrom(...RELIEF_BENEFITS), japanese: fc.boolean(), spelling: fc.nat(20) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('forward' as const, 'decide' as const, 'pay' as const), pick: fc.nat(20), certified: fc.boolean(), amount: fc.integer({ min: 1, max: 2_000_000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom(...OTHER_KINDS), person: fc.nat(2) }) },
);

/** What the model knows of a case, to say which step must be taken and which refused. */
interface ModelCase { readonly caseId: string; status: 'lodged' | 'forwarded' | 'certified' | 'not-certified'; readonly benefit: ReliefBenefit; paid: number }

describe('relief intake: a 個人番号 at the boundary only (issue 23)', () => {
  const cases: ModelCase[] = [];
  let unresolved = 0;
  let throughProcesses = 0;

  it('random sequences of relief and other commands, random numbers by stdin and resolver files: no trace of any number anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(myNumberArb, { minLength: 4, maxLength: 4 }),
        fc.constantFrom('residentId' as const, 'integrated' as const), fc.constantFrom('cp932' as const, 'utf-8' as const), fc.constantFrom('\r\n' as const, '\n' as const),
        // Each run ends with a claim that must be taken (the first person's own number, a benefit of their class), so
        // that every run lodges at least one case, through a real process unless an earlier lodge already did.
        fc.array(stepArb, { minLength: 3, maxLength: 7 }).chain((generated) => fc.record({ japanese: fc.boolean(), spelling: fc.nat(20) })
          .map(({ japanese, spelling }): Step[] => [...generated, { kind: 'lodge', person: 0, whose: 'own', benefit: 'medical-expenses', japanese, spelling }])),
        fc.nat(6),
        async (numbers, by, encoding, eol, steps, childAt) => {
          used.push(...numbers);
          const resolver = resolverFile(numbers, by, encoding, eol);
          // The same person's cases of this run share the number: each later one must be recognized by its blind index.
          const lodgedWith = new Map<string, string[]>();
          let childUsed = false;
          for (const [at, step] of steps.entries()) {
            if (step.kind === 'lodge') {
              const person = PEOPLE[step.person]!;
              const number = step.whose === 'own' ? numbers[step.person]! : step.whose === 'another' ? numbers[(step.person + 1) % 3]! : step.whose === 'unknown' ? numbers[3]! : broken(numbers[step.person]!);
              const typed = spellings(number)[step.spelling % spellings(number).length]!;
              const child: boolean = !childUsed && at >= Math.min(childAt, steps.length - 1);
              childUsed ||= child;
              if (child) throughProcesses++;
              const benefit = step.japanese ? BENEFIT_NAMES[step.benefit] : step.benefit;
              const r = await cli(['relief', 'lodge', '--resident', person.id, '--vaccination', recordIds[step.person]!, '--benefit', benefit, '--received', '2026-01-05',
                '--identity-document', '個人番号カード', '--my-number-stdin', '--resolver', resolver, '--json', ...as('relief')], `${typed}\n`, child);
              const allowed = step.whose === 'own' && person.reliefClass !== null && BENEFITS_BY_CLASS[person.reliefClass].includes(step.benefit);
              expect(r.code, `${step.whose} ${step.benefit}: ${r.stderr}`).toBe(allowed ? 0 : 2);
              if (step.whose === 'unknown') unresolved++;
              if (allowed) {
                const doc = JSON.parse(r.stdout) as ReliefCaseDoc;
                expect(doc).not.toHaveProperty('myNumberIndex');
                expect([...doc.earlierCaseIds].sort()).toEqual([...(lodgedWith.get(number) ?? [])].sort());
                lodgedWith.set(number, [...(lodgedWith.get(number) ?? []), doc.caseId]);
                cases.push({ caseId: doc.caseId, status: 'lodged', benefit: step.benefit, paid: 0 });
              }
            } else if (step.kind === 'forward' || step.kind === 'decide' || step.kind === 'pay') {
              const c = cases.length === 0 ? undefined : cases[step.pick % cases.length];
              // No case yet: an id no case has (not ending in twelve digits, which a generated number could equal).
              const id = c?.caseId ?? '00000000-0000-4000-8000-00000000abcd';
              const today = japanDate(new Date());
              const args = step.kind === 'forward' ? ['relief', 'forward', id]
                : step.kind === 'decide' ? ['relief', 'decide', id, '--decision', step.certified ? 'certified' : 'not-certified', '--notified', today]
                  : ['relief', 'pay', id, '--amount', String(step.amount), '--paid', today];
              const r = await cli([...args, ...as('relief')]);
              const ok = c !== undefined && (step.kind === 'forward' ? c.status === 'lodged'
                : step.kind === 'decide' ? c.status === 'forwarded'
                  : c.status === 'certified' && !(LUMP_SUM_BENEFITS.includes(c.benefit) && c.paid > 0));
              expect(r.code, `${step.kind} of a ${c?.status ?? 'missing'} case: ${r.stderr}`).toBe(ok ? 0 : 2);
              if (ok && step.kind === 'forward') c.status = 'forwarded';
              if (ok && step.kind === 'decide') c.status = step.certified ? 'certified' : 'not-certified';
              if (ok && step.kind === 'pay') c.paid++;
            } else {
              const other = step as Extract<Step, { kind: OtherKind }>;
              const person = PEOPLE[other.person]!.id;
              const args = {
                list: ['relief', 'list', '--json', ...as('relief')],
                ledger: ['ledger', person, ...as('registration')],
                oplog: ['oplog', '--json', ...as('audit')],
                certificate: ['certificate', person, '--identity-document', '個人番号カード', ...as('inquiry')],
                copy: ['copy', 'export', '--out', join(store, `copy-${++written}.csv`), ...as('linkage')],
                inquire: ['transfer', 'inquire', person, '--from-municipality', '011002', '--out', join(store, `inquiry-${++written}.csv`), ...as('linkage')],
                card: ['certificate', person, '--identity-document', '旅券', '--format', 'shc', '--out', join(store, `card-${++written}.smart-health-card`), '--qr', join(store, `card-${written}.png`), ...as('inquiry')],
                keys: ['certificate', 'keys', '--db', db, '--out', join(store, `jwks-${++written}.json`)],
                provisions: ['provisions', person, '--json', ...as('audit')],
              }[other.kind];
              const r = await cli(args);
              // A certificate lists routine doses only: the third person's one dose is voluntary, so theirs is refused.
              const certifiable = (other.kind !== 'certificate' && other.kind !== 'card') || PEOPLE[other.person]!.reliefClass !== null;
              expect(r.code, `${other.kind}: ${r.stderr}`).toBe(certifiable ? 0 : 2);
              if (other.kind === 'list') expect((JSON.parse(r.stdout) as unknown[]).length).toBe(cases.length);
            }
            expect(traces(used), `after ${step.kind}`).toEqual([]);
          }
        },
      ),
      { numRuns: 8 },
    );
    // The runs did what they are for: numbers through real pipes, claims lodged.
    expect(throughProcesses).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(0);
    // The numbers no resolver knew are counted, and only counted: a rejection with its reason, no person, no number.
    const log = await cli(['oplog', '--json', ...as('audit')]);
    const counted = (JSON.parse(log.stdout) as Array<Record<string, unknown>>).filter((e) => e.action === 'relief.lodge' && e.reason === 'my-number-unresolved');
    expect(counted).toHaveLength(unresolved);
    for (const entry of counted) expect(entry.resident).toBeUndefined();
    expect(traces(used)).toEqual([]);
  }, cliTimeout(16));
});
