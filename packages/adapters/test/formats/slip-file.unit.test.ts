import { describe, it, expect } from 'vitest';
import { readSlipFile } from '../../src/formats/slip-file.ts';
import { formatFileErrors } from '@vaxledger/application';
import { csvText, encode, withCheckDigit } from './fixtures.ts';

const HEADER = [
  '整理番号', 'カナ氏名', '生年月日', '性別', '接種名称区分', '期回数区分', '接種日', '接種医療機関番号', 'Lot番号', '接種量',
  'ワクチンメーカー区分', '予診医番号', '接種医番号', '備考',
];

describe('readSlipFile', () => {
  it('reads a CP932 slip file with Japanese vaccine names and 和暦 dates', () => {
    const text = csvText([
      HEADER,
      ['000123', 'ﾔﾏﾀﾞ ﾊﾅｺ', 'R6.2.1', '2', '五種混合', '1', '令和6年4月1日', '0401', 'AB123', '0.5', '01', 'D1', 'D2', '発熱なし, 問題なし'],
      ['000124', 'ｽｽﾞｷ ｲﾁﾛｳ', '5060101', '男', 'MR', '1', '20250110', '', '', '', '', '', '', ''],
    ]);
    const r = readSlipFile(encode(text, 'cp932'), { fileName: 'slip.csv' });
    expect(r.ok, r.ok ? '' : formatFileErrors(r.errors)).toBe(true);
    if (!r.ok) return;
    expect(r.rows).toEqual([
      {
        line: 2, residentId: '000123', kanaName: 'ﾔﾏﾀﾞ ﾊﾅｺ', birthDate: '2024-02-01', sex: 'female', vaccine: 'dpt-ipv-hib', dose: 1,
        date: '2024-04-01', clinicNo: '0401', lot: 'AB123', amount: '0.5', maker: '01', examiningDoctor: 'D1', vaccinatingDoctor: 'D2',
        remarks: '発熱なし, 問題なし',
      },
      { line: 3, residentId: '000124', kanaName: 'ｽｽﾞｷ ｲﾁﾛｳ', birthDate: '2024-01-01', sex: 'male', vaccine: 'mr', dose: 1, date: '2025-01-10' },
    ]);
  });

  it('accepts L o t 番号 / ＬＯＴ番号, 製品 / ワクチン名区分 and 接種区分; other 予防接種結果 items are dropped', () => {
    const header = ['整理番号', 'カナ氏名', '生年月日', '性別', '接種名称区分', '期回数区分', '接種日', 'ＬＯＴ番号', 'ワクチン名区分', '接種区分', '滞在先住所'];
    const r = readSlipFile(encode(csvText([header, ['1', 'ア', '2024-01-01', '1', 'hib', '第2回', '2024-05-01', 'L1', 'アクトヒブ', '定期', '東京都港区']]), 'utf-8'), {
      fileName: 's.csv',
    });
    expect(r).toMatchObject({ ok: true, rows: [{ lot: 'L1', product: 'アクトヒブ', category: 'routine', dose: 2 }], dropped: ['滞在先住所'] });
    if (r.ok) expect(JSON.stringify(r.rows)).not.toContain('東京都港区');
  });

  it('uses code tables for contractor codes', () => {
    const r = readSlipFile(
      encode(csvText([HEADER.slice(0, 7).concat('ワクチンメーカー区分'), ['1', 'ア', '2024-01-01', '1', '07', 'A2', '2024-05-01', '3']]), 'utf-8'),
      { fileName: 's.csv', codeTables: { 接種名称区分: { '07': '小児用肺炎球菌' }, 期回数区分: { A2: '2' }, ワクチンメーカー区分: { '3': 'ファイザー' } } },
    );
    expect(r).toMatchObject({ ok: true, rows: [{ vaccine: 'pcv', dose: 2, maker: 'ファイザー' }] });
  });

  it('reports every bad row without repeating the values', () => {
    const rows = [
      HEADER.slice(0, 7),
      ['1', 'ヤマダハナコ', '2024-02-30', '1', '不明ワクチン', '1', '2024-04-01'],
      ['2', 'スズキタロウ', '2024-01-01', '9', 'hib', '追加', ''],
      ['', 'サトウジロウ', '2024-01-01', '1', 'hib', '1', 'H31.5.1'],
    ];
    const r = readSlipFile(encode(csvText(rows), 'utf-8'), { fileName: 's.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.item])).toEqual([
      [2, '生年月日'], [2, '接種名称区分'], [3, '性別'], [3, '期回数区分'], [3, '接種日'], [4, '整理番号'], [4, '接種日'],
    ]);
    const all = JSON.stringify(r.errors);
    for (const v of ['ヤマダハナコ', 'スズキタロウ', 'サトウジロウ', '不明ワクチン', '2024-02-30', 'H31.5.1']) expect(all).not.toContain(v);
  });

  it('refuses a slip file carrying a 個人番号 in 備考', () => {
    const n = withCheckDigit('98765432109');
    const r = readSlipFile(encode(csvText([HEADER.slice(0, 7).concat('備考'), ['1', 'ア', '2024-01-01', '1', 'hib', '1', '2024-05-01', `番号${n}`]]), 'utf-8'), { fileName: 's.csv' });
    expect(r).toMatchObject({ ok: false, errors: [{ line: 2, column: 8, item: '備考' }] });
    expect(JSON.stringify(r)).not.toContain(n);
  });
});
