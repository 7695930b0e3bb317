import { describe, it, expect } from 'vitest';
import { parseMappingJson } from '../../src/formats/mapping.ts';

describe('mapping file', () => {
  it('accepts the documented format and normalizes its keys', () => {
    const r = parseMappingJson(
      JSON.stringify({
        version: 1,
        headers: { 宛名番号: '整理番号', 'ﾛｯﾄ': 'L o t 番号' },
        ignore: ['端末 番号'],
        codes: { 最新異動区分: { '10': '転入' }, 性別: { '０１': '男' } },
        formats: { 旧宛名番号: '統合宛名番号' },
      }),
      'map.json',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.mapping.headers.get('宛名番号')).toBe('整理番号');
    expect(r.mapping.headers.get('ロット')).toBe('LOT番号');
    expect(r.mapping.ignore.has('端末番号')).toBe(true);
    expect(r.mapping.codes.get('性別')?.get('01')).toBe('男');
    expect(r.mapping.formats.get('旧宛名番号')).toBe('統合宛名番号');
  });
  it.each([
    [{ version: 2 }],
    [{ version: 1, extra: true }],
    [{ version: 1, headers: { a: '存在しない項目' } }],
    [{ version: 1, headers: { a: '個人番号' } }],
    [{ version: 1, headers: { a: '整理番号' }, ignore: ['a'] }],
    [{ version: 1, codes: { 住所: { '1': 'x' } } }],
    [{ version: 1, codes: { 最新異動区分: { '1': '引越し' } } }],
    [{ version: 1, codes: { 性別: { '1': '不明' } } }],
    [{ version: 1, myNumberCheckExempt: ['統合宛名番号'] }],
    [{ version: 1, formats: { 備考: '電話番号' } }],
  ])('refuses %j', (doc) => {
    const r = parseMappingJson(JSON.stringify(doc), 'map.json');
    expect(r).toMatchObject({ ok: false, errors: [expect.objectContaining({ file: 'map.json' })] });
  });
  it('a JSON syntax error names the line', () => {
    expect(parseMappingJson('{\n  "version": 1,\n  oops\n}', 'map.json')).toMatchObject({ ok: false, errors: [{ line: 3 }] });
  });
});
