import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { myNumberCheckDigit } from '@vaxledger/domain';
import { csvMyNumberResolver } from '../../src/formats/my-number-resolver-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'vaxledger-resolver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string, encoding: 'utf-8' | 'cp932' = 'utf-8') => {
  const path = join(dir, `resolver-${++n}.csv`);
  writeFileSync(path, encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8'));
  return path;
};
const number = (first11: string) => first11 + String(myNumberCheckDigit(first11));
const A = number('12345678901');
const B = number('23456789012');
const C = number('34567890123');

/** The refusal's message, which must name the file and line and never hold a number of the file. */
async function refusal(path: string, asked = A): Promise<string> {
  const error = await csvMyNumberResolver(path).resolve(asked).then(() => null, (e: Error & { code?: string }) => e);
  expect(error?.code).toMatch(/^resolver-file-/);
  for (const n of [A, B, C]) expect(error!.message).not.toContain(n.slice(0, 8));
  return error!.message;
}

describe('the 団体内統合宛名システム export (個人番号,整理番号)', () => {
  it('answers by 整理番号 in UTF-8 with LF and in CP932 with CRLF, and null for a number it does not hold', async () => {
    const utf8 = file(`個人番号,整理番号\n${A},100001\n${B},100002\n`);
    const cp932 = file(`個人番号,整理番号\r\n${A},100001\r\n${B},100002\r\n`, 'cp932');
    for (const path of [utf8, cp932]) {
      const resolver = csvMyNumberResolver(path);
      expect(await resolver.resolve(B)).toEqual({ residentId: '100002' });
      expect(await resolver.resolve(C)).toBeNull();
    }
  });

  it('answers by 統合宛名番号 under that header, in either column order, and reads a number written with separators', async () => {
    const path = file(`統合宛名番号,個人番号\nK-1,${A.slice(0, 4)}-${A.slice(4, 8)}-${A.slice(8)}\n`);
    expect(await csvMyNumberResolver(path).resolve(A)).toEqual({ integratedAddresseeNo: 'K-1' });
  });

  it('refuses a damaged file, wherever the number asked is, naming the file, the line and the column, never a number', async () => {
    const badDigit = file(`個人番号,整理番号\n${A},100001\n${B.slice(0, 11)}${(Number(B[11]) + 1) % 10},100002\n`);
    expect(await refusal(badDigit)).toMatch(new RegExp(`${badDigit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 3: 個人番号: not a 個人番号`));
    expect(await refusal(file(`個人番号,整理番号\n${A},10 0001\n`))).toMatch(/line 2: 整理番号: not a valid 整理番号/);
    expect(await refusal(file(`個人番号,整理番号\n${A},100001\n${A},100009\n`))).toMatch(/line 3: 個人番号: the same number as line 2, for another person/);
    expect(await refusal(file(`個人番号,氏名\n${A},試験\n`))).toMatch(/line 1: the header must be 個人番号,整理番号/);
    expect(await refusal(file(`個人番号,整理番号\n${A},100001,${C}\n`))).toMatch(/line 2: 3 fields where the header has 2/);
    expect(await refusal(file(''))).toMatch(/the file is empty/);
    expect(await refusal(join(dir, 'missing.csv'))).toMatch(/missing\.csv: the resolver file cannot be read \(ENOENT\)/);
  });
});
