import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { ImportRejectedError, openSqliteEngine } from '@vaxledger/adapters';
import { tempDir } from '../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';

const PERSON = { id: '000201', kana: 'ケシタ タロウ', kanji: '消田 太郎', birth: '1950-05-17', address: '仙台市青葉区消去町一丁目' };
const OTHER = { id: '000202', kana: 'ノコリ ハナコ', kanji: '残 花子', birth: '1951-06-18', address: '仙台市青葉区残町二丁目' };

/** The rows an import refused, as (line, item, message): never a value of the row. */
async function refusal(run: Promise<unknown>): Promise<Array<{ line: number; item: string | undefined }>> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportRejectedError);
  const errors = (error as ImportRejectedError).errors;
  for (const e of errors) {
    expect(e.message).toContain('erased');
    expect(JSON.stringify(e)).not.toContain(PERSON.kana);
  }
  return errors.map((e) => ({ line: e.line, item: e.item }));
}

describe('rows naming a person whose record was erased', () => {
  it('refuse the file, in this process and in a fresh one; no new key is made for the person; the store still verifies', async () => {
    const db = join(tempDir(), 'erased-rows.db');
    const clock = steppingClock(new Date('2026-06-01T00:00:00Z'), 1000);
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importRegistry(csvBytes([REGISTRY_HEADER, registryRow({ ...PERSON, sex: '1' }), registryRow({ ...OTHER, sex: '2' })]), { fileName: 'r.csv' });
    await engine.session('admin.sato', 'administration').erase(PERSON.id, { reason: '本人からの利用停止請求 (決定済み)' });
    const slips = (date: string) => csvBytes([
      SLIP_HEADER,
      slipRow({ id: OTHER.id, kana: OTHER.kana, birth: OTHER.birth, sex: '2', vaccine: 'influenza', dose: '1', date }),
      slipRow({ id: PERSON.id, kana: PERSON.kana, birth: PERSON.birth, sex: '1', vaccine: 'influenza', dose: '1', date }),
    ]);
    const head = await engine.store.head();
    expect(await refusal(clerk.importSlips(slips('2026-05-10'), { fileName: 's1.csv' }))).toEqual([{ line: 3, item: '整理番号' }]);
    // Nothing of the file landed: only the refusal's own record (OperationRejected: a code, no data).
    expect(await typesAfter(engine.store, head.position)).toEqual(['OperationRejected']);
    await engine.close();

    // A fresh process knows the person was erased from the key store's tombstone, not from memory.
    const reopened = await openSqliteEngine({ file: db, tenant: '041009', clock, authenticator: hostAuthenticated });
    const clerk2 = reopened.session('admin.sato', 'registration');
    expect(await refusal(clerk2.importSlips(slips('2026-05-11'), { fileName: 's2.csv' }))).toEqual([{ line: 3, item: '整理番号' }]);
    // The person appearing again in a registry diff is refused too: registering them would need a new key.
    expect(await refusal(clerk2.importRegistry(csvBytes([REGISTRY_HEADER, registryRow({ ...PERSON, sex: '1' })]), { fileName: 'r2.csv' }))).toEqual([{ line: 2, item: '整理番号' }]);
    expect(await typesAfter(reopened.store, head.position)).toEqual(['OperationRejected', 'OperationRejected', 'OperationRejected']);
    // Without the erased row, the same month's file imports.
    const rest = csvBytes([SLIP_HEADER, slipRow({ id: OTHER.id, kana: OTHER.kana, birth: OTHER.birth, sex: '2', vaccine: 'influenza', dose: '1', date: '2026-05-11' })]);
    expect(await clerk2.importSlips(rest, { fileName: 's3.csv' })).toMatchObject({ rows: 1, held: 0 });
    expect((await reopened.verify()).ok).toBe(true);
    await reopened.close();
  });
});

async function typesAfter(store: { readAll(o: { afterPosition: bigint }): AsyncIterable<{ type: string }> }, position: bigint): Promise<string[]> {
  const types: string[] = [];
  for await (const e of store.readAll({ afterPosition: position })) types.push(e.type);
  return types;
}
