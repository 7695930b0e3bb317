import { describe, it, expect } from 'vitest';
import { formatFileErrors } from '@vaxledger/application';
import { readRegistryFile, codeLeadingAddress } from '../../src/formats/registry-file.ts';
import { readInquiryAnswerFile } from '../../src/formats/answer-file.ts';
import { csvText, encode, withCheckDigit } from './fixtures.ts';

const HEADER = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '住所', '最新異動区分', '最新異動日', '転入前住所'];
const row = (id: string, previousAddress: string, extra: string[] = []) =>
  [id, 'ヤマダ ハナコ', '山田 花子', '2024-04-01', '2', '仙台市青葉区1', '転入', '2026-01-05', previousAddress, ...extra];

describe('the registry file: where a 転入 came from', () => {
  it('reads 前住所地の全国地方公共団体コード under each accepted header name, 5 digits given their check digit', () => {
    for (const header of ['前住所地の全国地方公共団体コード', '前住所地団体コード', '前住所地市区町村コード', '転入前市区町村コード', '転入前住所地コード', '転入元市区町村コード']) {
      const r = readRegistryFile(encode(csvText([[...HEADER, header], row('000001', '', ['011002']), row('000002', '', ['13101']), row('000003', '', ['０４１００９'])]), 'cp932'), { fileName: 'r.csv' });
      expect(r.ok, r.ok ? header : formatFileErrors(r.errors)).toBe(true);
      if (!r.ok) return;
      expect(r.rows.map((x) => x.previousMunicipalityCode), header).toEqual(['011002', '131016', '041009']);
    }
  });

  it('refuses a code whose check digit is wrong, or that is no code, naming line and item', () => {
    const r = readRegistryFile(encode(csvText([[...HEADER, '前住所地の全国地方公共団体コード'], row('000001', '', ['011003']), row('000002', '', ['札幌市'])]), 'utf-8'), { fileName: 'r.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatFileErrors(r.errors);
    expect(text).toMatch(/r\.csv:2:10: 前住所地の全国地方公共団体コード: the check digit does not match/);
    expect(text).toMatch(/r\.csv:3:10: 前住所地の全国地方公共団体コード: the value is not a 全国地方公共団体コード/);
    expect(text).not.toContain('札幌市');
  });

  it('takes a code from 転入前住所 only when a valid one leads it, set apart; nothing is guessed from the address', () => {
    expect(codeLeadingAddress('011002 札幌市中央区北1条西2丁目')).toBe('011002');
    expect(codeLeadingAddress('０１１００２　札幌市中央区')).toBe('011002');
    expect(codeLeadingAddress('011003 札幌市中央区')).toBeUndefined(); // check digit wrong
    expect(codeLeadingAddress('札幌市中央区北1条西2丁目')).toBeUndefined();
    expect(codeLeadingAddress('011002番地')).toBeUndefined();
    expect(codeLeadingAddress('1234567 東京都')).toBeUndefined();
    const r = readRegistryFile(encode(csvText([HEADER, row('000001', '131016 東京都千代田区千代田1番'), row('000002', '東京都千代田区千代田1番')]), 'utf-8'), { fileName: 'r.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((x) => x.previousMunicipalityCode)).toEqual(['131016', undefined]);
    expect(r.rows[0]!.previousAddress).toBe('131016 東京都千代田区千代田1番');
  });

  it('the column wins over a code in the address; a file without either reads as before', () => {
    const r = readRegistryFile(encode(csvText([[...HEADER, '前住所地の全国地方公共団体コード'], row('000001', '131016 東京都千代田区', ['011002'])]), 'utf-8'), { fileName: 'r.csv' });
    expect(r.ok && r.rows[0]!.previousMunicipalityCode).toBe('011002');
    const plain = readRegistryFile(encode(csvText([HEADER.slice(0, 6), row('000001', '').slice(0, 6)]), 'utf-8'), { fileName: 'r.csv' });
    expect(plain.ok && 'previousMunicipalityCode' in plain.rows[0]!).toBe(false);
  });
});

const ANSWER_HEADER = ['統合宛名番号', '接種名称区分', '期回数区分', '接種日', '接種区分'];

describe('readInquiryAnswerFile', () => {
  it('reads the 副本 layout and codes (UTF-8 or CP932), a row with the number alone meaning "no record"', () => {
    const rows = [ANSWER_HEADER, ['K-7731-0042', 'hib', '1', '2024-08-12', 'routine'], ['K-7731-0042', 'mr', '2', '令和6年12月1日', '2'], ['A00000000001', '', '', '', '']];
    for (const enc of ['utf-8', 'cp932'] as const) {
      const r = readInquiryAnswerFile(encode(csvText(rows), enc), { fileName: 'a.csv' });
      expect(r.ok, r.ok ? '' : formatFileErrors(r.errors)).toBe(true);
      if (!r.ok) return;
      expect(r.rows).toEqual([
        { line: 2, integratedAddresseeNo: 'K-7731-0042', record: { vaccine: 'hib', dose: 1, date: '2024-08-12', category: 'routine' } },
        { line: 3, integratedAddresseeNo: 'K-7731-0042', record: { vaccine: 'mr', dose: 2, date: '2024-12-01', category: 'voluntary' } },
        { line: 4, integratedAddresseeNo: 'A00000000001' },
      ]);
    }
  });

  it('an optional 接種区分 column; every required column must be there', () => {
    const r = readInquiryAnswerFile(encode(csvText([ANSWER_HEADER.slice(0, 4), ['K-1', 'bcg', '1', '2024-09-01']]), 'utf-8'), { fileName: 'a.csv' });
    expect(r.ok && r.rows[0]).toEqual({ line: 2, integratedAddresseeNo: 'K-1', record: { vaccine: 'bcg', dose: 1, date: '2024-09-01' } });
    const missing = readInquiryAnswerFile(encode(csvText([['統合宛名番号', '接種名称区分', '接種日'], ['K-1', 'bcg', '2024-09-01']]), 'utf-8'), { fileName: 'a.csv' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(formatFileErrors(missing.errors)).toContain('no column for 期回数区分');
  });

  it('refuses the whole file for any bad line, naming file, line and item, never the value', () => {
    const r = readInquiryAnswerFile(encode(csvText([
      ANSWER_HEADER,
      ['K-1', 'hib', '1', '2024-08-12', 'routine'],
      ['K-1', 'ポリオ生', '1', '2024-08-12', ''],
      ['K-1', 'hib', '', '2024-08-12', ''],
      ['K-1', 'hib', '2', '2024-02-30', ''],
      ['K 1!', 'hib', '3', '2024-10-12', ''],
      ['K-1', 'hib', '4', '2025-10-12', '定期外'],
    ]), 'utf-8'), { fileName: 'answer.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatFileErrors(r.errors);
    expect(text).toMatch(/answer\.csv:3:2: 接種名称区分:/);
    expect(text).toMatch(/answer\.csv:4:3: 期回数区分: the value is empty/);
    expect(text).toMatch(/answer\.csv:5:4: 接種日:/);
    expect(text).toMatch(/answer\.csv:6:1: 統合宛名番号:/);
    expect(text).toMatch(/answer\.csv:7:5: 接種区分:/);
    for (const value of ['ポリオ生', 'K 1!', '定期外']) expect(text).not.toContain(value);
  });

  it('refuses a file holding a 個人番号 in a scanned column, without echoing it', () => {
    const myNumber = withCheckDigit('12345678901');
    const r = readInquiryAnswerFile(encode(csvText([ANSWER_HEADER, ['K-1', 'hib', '1', '2024-08-12', 'routine'], ['K-1', 'hib', '2', '2024-09-12', myNumber]]), 'utf-8'), { fileName: 'a.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatFileErrors(r.errors);
    expect(text).toMatch(/a\.csv:3:5: 接種区分: the column holds a valid 個人番号/);
    expect(text).not.toContain(myNumber);
  });

  it('refuses a header that is not an item of the layout', () => {
    const r = readInquiryAnswerFile(encode(csvText([[...ANSWER_HEADER, '氏名'], ['K-1', 'hib', '1', '2024-08-12', 'routine', 'ヤマダ']]), 'utf-8'), { fileName: 'a.csv' });
    expect(r.ok).toBe(false);
  });
});
