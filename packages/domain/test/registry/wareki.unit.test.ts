import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseJapaneseDate, describeDateFailure, type DateFailure } from '../../src/registry/wareki.ts';
import { dayNumberOf, formatIsoDate } from '../../src/time/day-number.ts';

describe('parseJapaneseDate', () => {
  const ok: Array<[string, string]> = [
    ['2024-04-01', '2024-04-01'],
    ['20240401', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['2024年4月1日', '2024-04-01'],
    ['令和6年4月1日', '2024-04-01'],
    ['R6.4.1', '2024-04-01'],
    ['R06.04.01', '2024-04-01'],
    ['ｒ６．４．１', '2024-04-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['S64.1.7', '1989-01-07'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和元年12月25日', '1926-12-25'],
    ['大正15年12月24日', '1926-12-24'],
    ['明治45年7月29日', '1912-07-29'],
    ['大正元年7月30日', '1912-07-30'],
    ['明治6年1月1日', '1873-01-01'],
    ['㍻31年4月30日', '2019-04-30'],
    [' 令和 6年 4月 1日 ', '2024-04-01'],
    ['4310430', '2019-04-30'],
    ['5010501', '2019-05-01'],
    ['3640107', '1989-01-07'],
    ['1450729', '1912-07-29'],
    ['2010730', '1912-07-30'],
    ['平成12年2月29日', '2000-02-29'],
  ];
  it.each(ok)('%s → %s', (text, iso) => {
    expect(parseJapaneseDate(text)).toEqual({ ok: true, date: iso });
  });

  const bad: Array<[string, DateFailure]> = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['平成31年5月1日', 'outside-era'],
    ['H31.5.1', 'outside-era'],
    ['令和元年4月30日', 'outside-era'],
    ['昭和64年1月8日', 'outside-era'],
    ['明治45年7月30日', 'outside-era'],
    ['大正元年7月29日', 'outside-era'],
    ['大正15年12月25日', 'outside-era'],
    ['4310501', 'outside-era'],
    ['5010430', 'outside-era'],
    ['2023-02-30', 'impossible-date'],
    ['20230229', 'impossible-date'],
    ['令和5年2月29日', 'impossible-date'],
    ['令和0年5月1日', 'impossible-date'],
    ['5000501', 'impossible-date'],
    ['2024-13-01', 'impossible-date'],
    ['明治5年12月2日', 'before-1873'],
    ['1872-12-31', 'before-1873'],
    ['6010101', 'unrecognized'],
    ['R6.4/1', 'unrecognized'],
    ['X6.4.1', 'unrecognized'],
    ['2024-4', 'unrecognized'],
    ['きのう', 'unrecognized'],
  ];
  it.each(bad)('%s is refused (%s)', (text, reason) => {
    expect(parseJapaneseDate(text)).toEqual({ ok: false, reason });
  });

  it('explains a failure without repeating the value', () => {
    for (const [text, reason] of bad) if (text.trim() !== '') expect(describeDateFailure(reason)).not.toContain(text.trim());
  });
});

// An independent formatter: era boundaries written out here rather than taken from the module under test.
const ERAS_FOR_TEST = [
  { from: '2019-05-01', start: 2019, kanji: '令和', letter: 'R', code: 5 },
  { from: '1989-01-08', start: 1989, kanji: '平成', letter: 'H', code: 4 },
  { from: '1926-12-25', start: 1926, kanji: '昭和', letter: 'S', code: 3 },
  { from: '1912-07-30', start: 1912, kanji: '大正', letter: 'T', code: 2 },
  { from: '1868-01-25', start: 1868, kanji: '明治', letter: 'M', code: 1 },
];

type Style = 'kanji' | 'letter' | 'coded';
function formatWareki(iso: string, style: Style, gannen: boolean): string {
  const era = ERAS_FOR_TEST.find((e) => iso >= e.from)!;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = y - era.start + 1;
  const p2 = (n: number) => String(n).padStart(2, '0');
  switch (style) {
    case 'kanji':
      return `${era.kanji}${year === 1 && gannen ? '元' : year}年${m}月${d}日`;
    case 'letter':
      return `${era.letter}${year}.${m}.${d}`;
    case 'coded':
      return `${era.code}${p2(year)}${p2(m)}${p2(d)}`;
  }
}

describe('和暦 round trip', () => {
  const first = dayNumberOf(1873, 1, 1);
  const last = dayNumberOf(2117, 12, 31); // 令和99年 is the last year the 2-digit forms can write
  it('formatting a date as 和暦 and parsing it back gives the same date, for every date from 1873-01-01', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: first, max: last }),
        fc.constantFrom<Style>('kanji', 'letter', 'coded'),
        fc.boolean(),
        (day, style, gannen) => {
          const iso = formatIsoDate(day);
          expect(parseJapaneseDate(formatWareki(iso, style, gannen))).toEqual({ ok: true, date: iso });
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('the day after an era ends is refused when written in that era', () => {
    for (const [era, lastDay] of [['明治', '1912-07-29'], ['大正', '1926-12-24'], ['昭和', '1989-01-07'], ['平成', '2019-04-30']] as const) {
      const next = formatIsoDate(dayNumberOf(...(lastDay.split('-').map(Number) as [number, number, number])) + 1);
      const start = ERAS_FOR_TEST.find((e) => e.kanji === era)!.start;
      const [y, m, d] = next.split('-').map(Number) as [number, number, number];
      expect(parseJapaneseDate(`${era}${y - start + 1}年${m}月${d}日`)).toEqual({ ok: false, reason: 'outside-era' });
    }
  });
});
