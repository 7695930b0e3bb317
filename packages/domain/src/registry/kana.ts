/**
 * Kana normalization for 4情報 matching. Registry exports and clinic slips spell the same name differently
 * (half-width ｶﾅ, hiragana, small kana written large, 長音 or not, spaces between family and given name); two spellings
 * that normalize alike are treated as the same name.
 */

// Small kana → large. Covers the katakana forms only: hiragana is converted first.
const SMALL_TO_LARGE: Readonly<Record<string, string>> = {
  ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ',
  ㇰ: 'ク', ㇱ: 'シ', ㇲ: 'ス', ㇳ: 'ト', ㇴ: 'ヌ', ㇵ: 'ハ', ㇶ: 'ヒ', ㇷ: 'フ', ㇸ: 'ヘ', ㇹ: 'ホ', ㇺ: 'ム',
  ㇻ: 'ラ', ㇼ: 'リ', ㇽ: 'ル', ㇾ: 'レ', ㇿ: 'ロ',
};
const SMALL = new RegExp(`[${Object.keys(SMALL_TO_LARGE).join('')}]`, 'gu');

// 長音 and the dashes typed in its place (after NFKC, － and ｰ have become - and ー).
const LONG_VOWEL_AND_DASHES = /[ー\-‐‑‒–—―−]/gu;
// Separators between names: every space, and the middle dot of foreign names (ジョン・スミス).
const SEPARATORS = /[\s・]/gu;

export function normalizeKana(text: string): string {
  return (
    text
      // Spacing voiced marks (゛゜) decompose under NFKC to a space plus the combining mark; make them combining first
      // so that ウ゛ composes to ヴ like ｳﾞ does.
      .replace(/\u309B/g, '\u3099')
      .replace(/\u309C/g, '\u309A')
      .normalize('NFKC')
      // Hiragana → katakana: the two blocks are 0x60 apart (ぁ…ゖ, ゝゞ).
      .replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
      .replace(SMALL, (c) => SMALL_TO_LARGE[c] ?? c)
      .replace(LONG_VOWEL_AND_DASHES, '')
      .replace(SEPARATORS, '')
  );
}
