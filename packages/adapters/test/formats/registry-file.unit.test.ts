import { describe, it, expect } from 'vitest';
import { ResidentDetailsSchema } from '@vaxledger/domain';
import { readRegistryFile } from '../../src/formats/registry-file.ts';
import { parseMapping, type Mapping } from '../../src/formats/mapping.ts';
import { formatFileErrors } from '@vaxledger/application';
import { csvText, encode, withCheckDigit } from './fixtures.ts';

const mappingOf = (doc: unknown): Mapping => {
  const r = parseMapping(doc);
  if (!r.ok) throw new Error(formatFileErrors(r.errors));
  return r.mapping;
};

const FULL_HEADER = [
  '市区町村番号', '整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '郵便番号', '住所', '方書', '行政区番号', '小学校区',
  '中学校区', '世帯番号', '続柄 1', '世帯主漢字氏名', '外国人フラグ', '住登外区分', '取消区分', '住民となった日',
  '住民でなくなった日', '最新異動区分', '最新異動日', '転入前住所', '転出後住所', '電話番号', '住基閲覧注意', '送付除外論理和',
  '統合宛名番号', '課税区分', '国保区分', '年金区分', '生保区分', '介護区分', '個人課税区分', '世帯課税区分', '徴収区分', '後期高齢区分',
];
const FULL_ROW = [
  '041009', '000123', 'ﾔﾏﾀﾞ ﾀﾛｳ', '山田　太郎', 'H31.4.30', '1', '980-0801', '宮城県仙台市青葉区一番町1-2-3, 4階', 'ハイツ101', '01',
  '東六番丁', '五橋', 'H0001', '子', '山田　一郎', '0', '', '', '令和元年5月1日', '', '転入', '5010501', '東京都千代田区千代田1-1', '',
  '022-123-4567', '1', '0101', 'A00000000001', 'TAXSECRET1', 'NHISECRET2', 'PENSECRET3', 'WELSECRET4', 'CARESECRET5', 'PTAX6', 'HTAX7', 'COLL8', 'LATE9',
];

describe('readRegistryFile', () => {
  it('reads every 別添2 item the affair keeps from a CP932 CRLF file, with quoted fields', () => {
    const bytes = encode(csvText([FULL_HEADER, FULL_ROW]), 'cp932');
    const r = readRegistryFile(bytes, { fileName: 'jyuki.csv' });
    expect(r.ok, r.ok ? '' : formatFileErrors(r.errors)).toBe(true);
    if (!r.ok) return;
    expect(r.header).toMatchObject({ encoding: 'cp932', bom: false, line: 1, columns: FULL_HEADER.length });
    expect(r.rows).toEqual([
      {
        line: 2,
        residentId: '000123',
        municipalityCode: '041009',
        details: {
          kanaName: 'ﾔﾏﾀﾞ ﾀﾛｳ', kanjiName: '山田　太郎', sex: 'male', birthDate: '2019-04-30',
          address: '宮城県仙台市青葉区一番町1-2-3, 4階', addressSupplement: 'ハイツ101', postalCode: '980-0801', wardCode: '01',
          elementarySchoolDistrict: '東六番丁', juniorHighSchoolDistrict: '五橋', householdNo: 'H0001', relationship: '子',
          householdHeadName: '山田　一郎', foreigner: false, becameResidentOn: '2019-05-01', phone: '022-123-4567',
          addressDisclosureRestricted: true, mailingExcluded: true, integratedAddresseeNo: 'A00000000001',
        },
        movement: 'moved-in',
        movementWord: '転入',
        movedOn: '2019-05-01',
        previousAddress: '東京都千代田区千代田1-1',
        cancelled: false,
      },
    ]);
    expect(() => ResidentDetailsSchema.parse(r.rows[0]!.details)).not.toThrow();
  });

  it('drops tax, insurance, pension, welfare and care items: their values appear nowhere in the result', () => {
    const r = readRegistryFile(encode(csvText([FULL_HEADER, FULL_ROW]), 'utf-8'), { fileName: 'f.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const json = JSON.stringify(r);
    for (const v of ['SECRET', 'PTAX6', 'HTAX7', 'COLL8', 'LATE9', 'taxCategory', 'pension']) expect(json).not.toContain(v);
    expect(r.dropped).toEqual(['課税区分', '国保区分', '年金区分', '生保区分', '介護区分', '個人課税区分', '世帯課税区分', '徴収区分', '後期高齢区分']);
    expect(r.header.items).not.toContain('taxCategory');
  });

  it('matches header names after removing spaces and normalizing width (続柄１, ＬＯＴ-style full width)', () => {
    const header = ['整 理 番 号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '住所', '続柄１', 'ＦＡＸ番号', '予備区分　９'];
    const r = readRegistryFile(encode(csvText([header, ['1', 'ア', '亜', '2000-01-01', '女', '仙台市', '長男', '022', 'x']]), 'utf-8'), { fileName: 'f.csv' });
    expect(r).toMatchObject({ ok: true, rows: [{ residentId: '1', details: { relationship: '長男', sex: 'female' } }], dropped: ['F A X 番号', '予備区分 9'] });
  });

  it('reads UTF-8 with a BOM and LF the same as CP932 with CRLF', () => {
    const rows = [FULL_HEADER, FULL_ROW];
    const a = readRegistryFile(encode(csvText(rows, '\r\n'), 'cp932'), { fileName: 'a.csv' });
    const b = readRegistryFile(encode(csvText(rows, '\n'), 'utf-8-bom'), { fileName: 'b.csv' });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(b.rows).toEqual(a.rows);
  });

  it('a required header missing is an error on the header line', () => {
    const r = readRegistryFile(encode('整理番号,カナ氏名,漢字氏名,性別,住所\n1,ア,亜,1,仙台\n', 'utf-8'), { fileName: 'f.csv' });
    expect(r).toEqual({ ok: false, errors: [{ file: 'f.csv', line: 1, item: '生年月日', message: expect.stringContaining('required') }] });
  });

  it('an unknown header is an error unless the mapping ignores it; a mapped alias is read as its item', () => {
    const text = '宛名番号,カナ氏名,漢字氏名,生年月日,性別,住所,端末番号\n1,ア,亜,S50.1.1,1,仙台,T01\n';
    const plain = readRegistryFile(encode(text, 'utf-8'), { fileName: 'f.csv' });
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.errors.map((e) => [e.line, e.column])).toEqual([[1, undefined], [1, 1], [1, 7]]);
    const mapping = mappingOf({ version: 1, headers: { 宛名番号: '整理番号' }, ignore: ['端末番号'] });
    const mapped = readRegistryFile(encode(text, 'utf-8'), { fileName: 'f.csv', mapping });
    expect(mapped).toMatchObject({ ok: true, rows: [{ residentId: '1', details: { birthDate: '1975-01-01' } }], dropped: ['端末番号'] });
    if (mapped.ok) expect(JSON.stringify(mapped.rows)).not.toContain('T01');
  });

  it('translates vendor codes for 最新異動区分, 性別 and 取消区分 through the mapping', () => {
    const mapping = mappingOf({
      version: 1,
      codes: { 最新異動区分: { '10': '転入', '40': '死亡', '50': '職権消除' }, 性別: { '01': '男', '02': '女' }, 取消区分: { '9': '取消' } },
    });
    const text = csvText([
      ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '住所', '最新異動区分', '取消区分', '住民でなくなった日'],
      ['1', 'ア', '亜', '19800101', '01', '仙台', '10', '', ''],
      ['2', 'イ', '伊', '19800101', '02', '仙台', '40', '', 'R6.4.1'],
      ['3', 'ウ', '宇', '19800101', '０２', '仙台', '50', '9', ''],
    ]);
    const r = readRegistryFile(encode(text, 'utf-8'), { fileName: 'f.csv', mapping });
    expect(r).toMatchObject({
      ok: true,
      rows: [
        { residentId: '1', movement: 'moved-in', details: { sex: 'male' }, cancelled: false },
        { residentId: '2', movement: 'died', movementWord: '死亡', leftOn: '2024-04-01', details: { sex: 'female' } },
        { residentId: '3', movement: 'cancelled', cancelled: true },
      ],
    });
    const unmapped = readRegistryFile(encode(text, 'utf-8'), { fileName: 'f.csv' });
    expect(unmapped.ok).toBe(false);
    if (!unmapped.ok) {
      expect(unmapped.errors.filter((e) => e.item === '最新異動区分').map((e) => e.line)).toEqual([2, 3, 4]);
      expect(unmapped.errors.filter((e) => e.item === '性別').map((e) => e.line)).toEqual([2, 3, 4]);
      expect(unmapped.errors.filter((e) => e.item === '取消区分').map((e) => e.line)).toEqual([4]);
    }
  });

  describe('個人番号 (My Number)', () => {
    const myNumber = withCheckDigit('12345678901');
    const header = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '住所', '予備区分1'];
    it('a column holding a valid My Number refuses the whole file, naming the column but not the number', () => {
      const text = csvText([header, ['1', 'ア', '亜', '2000-01-01', '1', '仙台', ''], ['2', 'イ', '伊', '2000-01-01', '1', '仙台', myNumber]]);
      const r = readRegistryFile(encode(text, 'cp932'), { fileName: 'f.csv' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toEqual([{ file: 'f.csv', line: 3, column: 7, item: '予備区分1', message: expect.stringContaining('個人番号') }]);
      expect(JSON.stringify(r)).not.toContain(myNumber);
      expect(JSON.stringify(r)).not.toContain(myNumber.slice(0, 8));
    });
    it('also when the column is ignored by the mapping or written with spaces', () => {
      const text = csvText([[...header.slice(0, 6), 'メモ'], ['1', 'ア', '亜', '2000-01-01', '1', '仙台', `${myNumber.slice(0, 4)} ${myNumber.slice(4, 8)} ${myNumber.slice(8)}`]]);
      const r = readRegistryFile(encode(text, 'utf-8'), { fileName: 'f.csv', mapping: mappingOf({ version: 1, ignore: ['メモ'] }) });
      expect(r).toMatchObject({ ok: false, errors: [{ line: 2, column: 7 }] });
    });
    it('a 個人番号 header is refused whatever it holds', () => {
      const text = csvText([[...header.slice(0, 6), '個人番号'], ['1', 'ア', '亜', '2000-01-01', '1', '仙台', '']]);
      expect(readRegistryFile(encode(text, 'utf-8'), { fileName: 'f.csv' })).toMatchObject({ ok: false, errors: [{ line: 1, column: 7, item: '個人番号' }] });
    });
    it('a 12-digit number that fails the check digit is not a My Number; a column of a known id format is validated by that format', () => {
      const bad = myNumber.slice(0, 11) + String((Number(myNumber[11]) + 1) % 10);
      const ok = readRegistryFile(encode(csvText([header, ['1', 'ア', '亜', '2000-01-01', '1', '仙台', bad]]), 'utf-8'), { fileName: 'f.csv' });
      expect(ok.ok).toBe(true);
      // 統合宛名番号 and 整理番号 keep their own format: a city's 12-digit number that passes the check digit is kept.
      const h2 = [...header.slice(0, 6), '統合宛名番号'];
      const kept = readRegistryFile(encode(csvText([h2, [myNumber, 'ア', '亜', '2000-01-01', '1', '仙台', myNumber]]), 'utf-8'), { fileName: 'f.csv' });
      expect(kept).toMatchObject({ ok: true, rows: [{ residentId: myNumber, details: { integratedAddresseeNo: myNumber } }] });
      const malformed = readRegistryFile(encode(csvText([h2, ['1', 'ア', '亜', '2000-01-01', '1', '仙台', '1234 5678']]), 'utf-8'), { fileName: 'f.csv' });
      expect(malformed).toMatchObject({ ok: false, errors: [{ line: 2, column: 7, item: '統合宛名番号' }] });
    });
    it('a mapping declares a dropped column\'s id format (validated by it) but cannot exempt a kept text column', () => {
      const h2 = [...header.slice(0, 6), '旧宛名番号'];
      const declared = mappingOf({ version: 1, ignore: ['旧宛名番号'], formats: { 旧宛名番号: '統合宛名番号' } });
      expect(readRegistryFile(encode(csvText([h2, ['1', 'ア', '亜', '2000-01-01', '1', '仙台', myNumber]]), 'utf-8'), { fileName: 'f.csv', mapping: declared }).ok).toBe(true);
      const notOfFormat = readRegistryFile(encode(csvText([h2, ['1', 'ア', '亜', '2000-01-01', '1', '仙台', `番号 ${myNumber}`]]), 'utf-8'), { fileName: 'f.csv', mapping: declared });
      expect(notOfFormat).toMatchObject({ ok: false, errors: [{ line: 2, column: 7, item: '旧宛名番号', message: expect.stringContaining('統合宛名番号 format') }] });
      expect(JSON.stringify(notOfFormat)).not.toContain(myNumber);
      const onText = mappingOf({ version: 1, formats: { 住所: '整理番号' } });
      expect(readRegistryFile(encode(csvText([header.slice(0, 6), ['1', 'ア', '亜', '2000-01-01', '1', myNumber]]), 'utf-8'), { fileName: 'f.csv', mapping: onText }))
        .toMatchObject({ ok: false, errors: [{ line: 1, column: 6, item: '住所' }] });
    });
  });

  it('reports every bad row, with line, column and item, and never a person\'s name, address or birth date', () => {
    const header = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '住所', '住民となった日'];
    const rows = [
      header,
      ['1', 'ヤマダタロウ', '山田太郎', '平成31年5月1日', '1', '宮城県仙台市青葉区国分町三丁目', ''],
      ['2', 'スズキハナコ', '鈴木花子', '1990-02-30', '3', '宮城県仙台市若林区一番町', ''],
      ['3', 'サトウジロウ', '', '令和元年4月30日', '1', '', '2020-01-01'],
      ['4', 'タカハシサブロウ', '髙橋三郎', '19900101', '2', '"multi\nline"', 'R2.2.30'],
      ['5', 'イトウシロウ', '伊藤四郎', '19900101'],
      ['6', 'ワタナベゴロウ', '渡辺五郎', '19900101', '1', '宮城県仙台市泉区', '', 'extra'],
      ['x!', 'ナカムラ', '中村', '19900101', '1', '仙台', ''],
      ['1', 'コバヤシ', '小林', '19900101', '1', '仙台', ''],
    ];
    const r = readRegistryFile(encode(csvText(rows, '\n'), 'cp932'), { fileName: 'jyuki.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column ?? null, e.item ?? null])).toEqual([
      [2, 4, '生年月日'],
      [3, 4, '生年月日'],
      [3, 5, '性別'],
      [4, 3, '漢字氏名'],
      [4, 4, '生年月日'],
      [4, 6, '住所'],
      [5, 6, '住所'], // a line break inside an address is a control character
      [5, 7, '住民となった日'],
      [7, null, null],
      [8, null, null],
      [9, 1, '整理番号'],
      [10, 1, '整理番号'],
    ]);
    const everything = JSON.stringify(r) + formatFileErrors(r.errors);
    for (const row of rows.slice(1)) {
      for (const value of row.slice(1)) if (value.length >= 3 && !/^\d+$/.test(value)) expect(everything).not.toContain(value);
    }
    expect(formatFileErrors(r.errors).split('\n')[0]).toMatch(/^jyuki\.csv:2:4: 生年月日: /);
  });
});
