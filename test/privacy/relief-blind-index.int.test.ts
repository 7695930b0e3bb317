import { describe, expect, it } from 'vitest';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { myNumberCheckDigit } from '@vaxledger/domain';
import { myNumberIndexOf, openSqliteEngine, secretAuthenticator } from '@vaxledger/adapters';
import type { ReliefCaseDoc } from '@vaxledger/projections';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';
import { runMain } from '../support/in-process-cli.ts';
import { cliTimeout, runCli } from '../support/child.ts';
import { filesOf, tracesFound } from '../support/my-number-scan.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Issue 23: a 個人番号 no resolver knows leaves nothing but an anonymous count; one that is known is kept only as a
 * blind index keyed per tenant, by which a second claim with the same number is recognized.
 */
const root = tempDir('vaxledger-relief-index-');
const number = (first11: string) => first11 + String(myNumberCheckDigit(first11));
const N = number('48151623420');
const OTHER = number('27182818284');
const UNKNOWN = number('31415926535');
const TAROU = { id: '100001', kana: 'シケン タロウ', kanji: '試験 太郎', birth: '2020-04-01', sex: '1', address: '仙台市青葉区1' };
const HANAKO = { id: '100002', kana: 'シケン ハナコ', kanji: '試験 花子', birth: '2020-05-01', sex: '2', address: '仙台市青葉区2' };

/** A store of its own (tenant, directory), its two residents each with a Hib dose; returns how to run commands on it. */
async function city(tenant: string) {
  const dir = join(root, tenant);
  const inputs = join(root, `${tenant}-inputs`);
  mkdirSync(dir);
  mkdirSync(inputs);
  const db = join(dir, 'city.db');
  const outputs: string[] = [];
  const as = (purpose: string) => ['--db', db, '--operator', 'admin.sato', '--purpose', purpose];
  expect((await runMain(['init', '--db', db, '--tenant', tenant, '--admin', 'admin.sato'])).code).toBe(0);
  writeFileSync(join(inputs, 'registry.csv'), csvBytes([REGISTRY_HEADER, registryRow(TAROU), registryRow(HANAKO)]));
  expect((await runMain(['import', 'registry', join(inputs, 'registry.csv'), ...as('registration')])).code).toBe(0);
  const records: Record<string, string> = {};
  for (const id of [TAROU.id, HANAKO.id]) {
    const r = await runMain(['record', id, '--vaccine', 'hib', '--dose', '1', '--date', id === TAROU.id ? '2020-06-01' : '2020-07-01', '--identity-document', '母子健康手帳', '--json', ...as('registration')]);
    records[id] = (JSON.parse(r.stdout) as { recordId: string }).recordId;
  }
  let files = 0;
  const resolver = (rows: Array<[string, string]>) => {
    const path = join(inputs, `resolver-${++files}.csv`);
    writeFileSync(path, `個人番号,整理番号\r\n${rows.map(([n, id]) => `${n},${id}`).join('\r\n')}\r\n`);
    return path;
  };
  const lodge = async (residentId: string, typed: string, resolverFile: string, child = false) => {
    const args = ['relief', 'lodge', '--resident', residentId, '--vaccination', records[residentId]!, '--benefit', '医療費', '--received', '2026-01-05',
      '--identity-document', 'my-number-card', '--my-number-stdin', '--resolver', resolverFile, '--json', ...as('relief')];
    const r = child ? await runCli(args, {}, typed) : await runMain(args, {}, typed);
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const oplog = async () => {
    const r = await runMain(['oplog', '--json', ...as('audit')]);
    outputs.push(r.stdout, r.stderr);
    return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  };
  const traces = (n: string) => tracesFound(n, { ...filesOf(dir), 'stdout/stderr': outputs.join('\n') });
  /** The cases as the store keeps them (index included), and the index the engine computes for `n`. */
  const reliefDocs = async (n = N) => {
    const engine = await openSqliteEngine({ file: db, authenticator: secretAuthenticator });
    try {
      const docs: ReliefCaseDoc[] = [];
      for await (const { doc } of engine.projectionStore.scan('relief', { prefix: `${tenant}/` })) docs.push(doc as ReliefCaseDoc);
      return { docs, index: await myNumberIndexOf(engine.keyStore, tenant, n), master: Buffer.from(await engine.keyStore!.tenantMasterKey(tenant)) };
    } finally {
      await engine.close();
    }
  };
  return { lodge, oplog, traces, resolver, reliefDocs };
}

describe('relief intake: what is kept of a 個人番号 (issue 23)', () => {
  it('a number the resolver does not know leaves no trace of itself: one anonymous rejection, nothing else', async () => {
    const c = await city('041009');
    const resolver = c.resolver([[N, TAROU.id], [OTHER, HANAKO.id]]);
    const before = await c.oplog();
    // Through a real process and a real pipe, in a spelling a person writes.
    const r = await c.lodge(TAROU.id, `${UNKNOWN.slice(0, 4)} ${UNKNOWN.slice(4, 8)} ${UNKNOWN.slice(8)}\n`, resolver, true);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/names nobody the 団体内統合宛名システム knows: nothing of it was kept/);
    const after = await c.oplog();
    // Besides the reads of the log itself, the one new entry is the count: action and reason, no person, no items.
    const added = after.slice(before.length).filter((e) => e.eventType !== 'RecordViewed');
    expect(added.map((e) => [e.eventType, e.action, e.reason, e.resident, e.items])).toEqual([['OperationRejected', 'relief.lodge', 'my-number-unresolved', undefined, []]]);
    expect((await c.reliefDocs()).docs).toEqual([]);
    // Nor does a number typed where a flag's value goes: the CLI's guard refuses it before anything opens the store.
    const flagged = await runMain(['relief', 'lodge', '--resident', TAROU.id, '--vaccination', UNKNOWN, '--benefit', '医療費', '--received', '2026-01-05',
      '--identity-document', 'my-number-card', '--my-number-stdin', '--resolver', resolver, '--db', join(root, '041009', 'city.db'), '--operator', 'admin.sato'], {}, N);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toMatch(/--vaccination: the value holds a 個人番号/);
    expect(c.traces(UNKNOWN)).toEqual([]);
    expect(tracesFound(UNKNOWN, { 'the refusal': flagged.stdout + flagged.stderr })).toEqual([]);
  }, cliTimeout(2));

  it('a second claim with the same number, however spelled, is recognized by the blind index; another tenant\'s key gives another index', async () => {
    const a = await city('011002');
    const resolver = a.resolver([[N, TAROU.id], [OTHER, HANAKO.id]]);
    const first = await a.lodge(TAROU.id, N, resolver);
    expect(first.code, first.stderr).toBe(0);
    const firstCase = JSON.parse(first.stdout) as ReliefCaseDoc;
    expect(firstCase.earlierCaseIds).toEqual([]);
    const wide = N.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const second = await a.lodge(TAROU.id, `${wide.slice(0, 4)}－${wide.slice(4, 8)}－${wide.slice(8)}`, resolver, true);
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as ReliefCaseDoc).earlierCaseIds).toEqual([firstCase.caseId]);

    // A resolver file that (wrongly) gives the number to another person does not get past the index: refused, not kept.
    const swapped = a.resolver([[N, HANAKO.id]]);
    const misfiled = await a.lodge(HANAKO.id, N, swapped);
    expect(misfiled.code).toBe(2);
    expect(misfiled.stderr).toMatch(/given before for another person's claim/);

    // What is kept is HMAC-SHA-256 under the tenant's key (HKDF from its master key), the same for both claims.
    const { docs, index, master } = await a.reliefDocs();
    expect(docs).toHaveLength(2);
    const kept = docs[0]!.myNumberIndex;
    expect(docs.map((d) => d.myNumberIndex)).toEqual([kept, kept]);
    expect(index).toBe(kept);
    const key = Buffer.from(hkdfSync('sha256', master, Buffer.from('011002'), 'vaxledger/my-number-blind-index/v1', 32));
    expect(createHmac('sha256', key).update(N).digest('base64url')).toBe(kept);
    for (const algorithm of ['sha256', 'sha1', 'md5']) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(kept).not.toBe(createHash(algorithm).update(N).digest(encoding));
    }

    // Another tenant (its own store, its own key file), the same person and number: another index.
    const b = await city('131016');
    const other = await b.lodge(TAROU.id, N, b.resolver([[N, TAROU.id]]));
    expect(other.code, other.stderr).toBe(0);
    const inB = await b.reliefDocs();
    expect(inB.docs[0]!.myNumberIndex).toBe(inB.index);
    expect(inB.index).not.toBe(kept);
    expect([...a.traces(N), ...b.traces(N)]).toEqual([]);
  }, cliTimeout(2));
});
