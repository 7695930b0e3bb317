import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normalizeKana } from '../../src/registry/kana.ts';

describe('normalizeKana', () => {
  it.each([
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダタロウ'],
    ['やまだ　たろう', 'ヤマダタロウ'],
    ['ｶﾞｷﾞｸﾞｹﾞｺﾞ ﾊﾟﾋﾟ', 'ガギグゲゴパピ'],
    ['ｳﾞｧｲｵﾚｯﾄ', 'ヴアイオレツト'],
    ['ウ゛ィ', 'ヴイ'],
    ['キョウコ', 'キヨウコ'],
    ['ァィゥェォッャュョヮヵヶ', 'アイウエオツヤユヨワカケ'],
    ['ぁぃぅぇぉっゃゅょゎ', 'アイウエオツヤユヨワ'],
    ['サトー', 'サト'],
    ['ｻﾄｰ', 'サト'],
    ['サト－', 'サト'],
    ['サト‐', 'サト'],
    ['ジョン・スミス', 'ジヨンスミス'],
    [' \t ｽｽﾞｷ  ｲﾁﾛｳ ', 'スズキイチロウ'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeKana(input)).toBe(expected);
  });

  const kanaChar = fc.constantFrom(...'アイウエオカガキギクグサザシジタダチッツテデトナニヌハバパヒビピフブプマミムメモャヤュユョヨラリルレロワヲンヴー ');
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: kanaChar }), (s) => normalizeKana(normalizeKana(s)) === normalizeKana(s)));
  });
  it('hiragana and katakana spellings normalize alike', () => {
    fc.assert(
      fc.property(fc.string({ unit: kanaChar }), (s) => {
        const hira = s.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
        return normalizeKana(hira) === normalizeKana(s);
      }),
    );
  });
});
