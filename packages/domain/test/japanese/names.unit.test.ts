import { describe, expect, it } from 'vitest';
import {
  CATEGORIES, DENIAL_REASON_NAMES, doseName, ELIGIBILITY_STATUS_NAMES, formatJst, HOLD_REASONS, japaneseNames, REASON_CODES, SOURCES,
  VACCINES, vaccineName, vaccineOfName,
} from '@vaxledger/domain';

describe('Japanese names for text output', () => {
  it('names every vaccine, 接種区分, source, dose-check reason and hold reason in Japanese, never as its id', () => {
    const kana = /[\u3040-\u30ff\u4e00-\u9fff]/;
    // BCG and VRS are what Japanese clerks call them
    for (const v of VACCINES.filter((v) => v !== 'bcg')) expect(vaccineName(v), v).toMatch(kana);
    for (const c of CATEGORIES) expect(japaneseNames.category(c), c).toMatch(kana);
    for (const s of SOURCES.filter((s) => s !== 'vrs')) expect(japaneseNames.source(s), s).toMatch(kana);
    for (const r of REASON_CODES) expect(japaneseNames.reason(r), r).toMatch(kana);
    for (const r of HOLD_REASONS) expect(japaneseNames.holdReason(r), r).toMatch(kana);
    for (const r of Object.keys(DENIAL_REASON_NAMES)) expect(japaneseNames.denialReason(r), r).toMatch(kana);
    for (const s of Object.keys(ELIGIBILITY_STATUS_NAMES)) expect(japaneseNames.eligibilityStatus(s), s).toMatch(kana);
    expect([japaneseNames.category('routine'), japaneseNames.category('voluntary'), japaneseNames.category('temporary'), japaneseNames.category('special-measures')])
      .toEqual(['定期', '任意', '臨時', '特措法']);
    // an id with no name (a host's own) is shown as given
    expect(japaneseNames.reason('host-specific')).toBe('host-specific');
  });

  it('names doses in the words of the schedule: phases where the series has them, else the ordinal', () => {
    expect([doseName('mr', 1), doseName('mr', 2)]).toEqual(['第1期', '第2期']);
    expect([1, 2, 3, 4].map((d) => doseName('je', d))).toEqual(['第1期初回第1回', '第1期初回第2回', '第1期追加', '第2期']);
    expect([1, 4].map((d) => doseName('dpt-ipv', d))).toEqual(['第1回 (初回)', '第4回 (追加)']);
    expect(doseName('hib', 3)).toBe('第3回'); // 初回3 or 追加, by the age at the first dose
    expect(doseName('no-such-vaccine', 2)).toBe('第2回');
  });

  it('reads back every vaccine name it shows (the CLI takes them wherever it takes an id)', () => {
    for (const v of VACCINES) expect(vaccineOfName(vaccineName(v)), v).toBe(v);
    expect(vaccineOfName('四種混合')).toBe('dpt-ipv');
    expect(vaccineOfName('DPT-IPV')).toBe('dpt-ipv');
  });

  it('shows instants in JST', () => {
    expect(formatJst('2026-12-07T10:30:00.000Z')).toBe('2026-12-07 19:30 JST');
    expect(formatJst('2026-12-31T15:00:00Z')).toBe('2027-01-01 00:00 JST'); // the next day in Japan
    expect(formatJst('2026-04-01T00:00:05+09:00', { seconds: true })).toBe('2026-04-01 00:00:05 JST');
    expect(formatJst('not an instant')).toBe('not an instant');
  });
});
