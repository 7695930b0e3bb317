import { describe, it, expect } from 'vitest';
import { parseSex } from '../../src/registry/sex.ts';
import { movementKindOf, MOVEMENT_WORDS, MOVEMENT_KINDS } from '../../src/registry/movement.ts';
import { vaccineOfName, parseDoseOrdinal, categoryOfCode } from '../../src/registry/slip-codes.ts';
import { VACCINES } from '../../src/events/vaccination-events.ts';

describe('parseSex', () => {
  it.each([
    ['1', 'male'], ['2', 'female'], ['男', 'male'], ['女', 'female'], ['男性', 'male'], ['女性', 'female'], ['１', 'male'], [' 2 ', 'female'],
  ] as const)('%s → %s', (t, s) => expect(parseSex(t)).toBe(s));
  it.each(['', '0', '3', '9', '不明', 'X'])('%s → null', (t) => expect(parseSex(t)).toBeNull());
});

describe('movementKindOf', () => {
  it.each([
    ['転入', 'moved-in'], ['転出', 'moved-out'], ['転居', 'changed'], ['出生', 'registered'], ['死亡', 'died'],
    ['職権記載', 'registered'], ['職権消除', 'cancelled'], ['職権修正', 'changed'], ['帰化', 'changed'],
    ['国籍取得', 'changed'], ['国籍喪失', 'changed'], ['住所設定', 'registered'], ['転　入', 'moved-in'],
  ] as const)('%s → %s', (w, k) => expect(movementKindOf(w)).toBe(k));
  it('unknown words and vendor codes are null (codes go through the mapping file)', () => {
    expect(movementKindOf('01')).toBeNull();
    expect(movementKindOf('引越し')).toBeNull();
  });
  it('every word maps to a known kind', () => {
    for (const w of MOVEMENT_WORDS) expect(MOVEMENT_KINDS).toContain(movementKindOf(w));
  });
});

describe('slip codes', () => {
  it('every vaccine id is its own name', () => {
    for (const v of VACCINES) expect(vaccineOfName(v)).toBe(v);
  });
  it.each([
    ['ヒブ', 'hib'], ['小児用肺炎球菌', 'pcv'], ['B型肝炎', 'hepb'], ['Ｂ型肝炎', 'hepb'], ['ロタウイルス', 'rota'],
    ['五種混合', 'dpt-ipv-hib'], ['四種混合', 'dpt-ipv'], ['BCG', 'bcg'], ['麻しん風しん', 'mr'], ['MR', 'mr'],
    ['水痘', 'varicella'], ['日本脳炎', 'je'], ['二種混合', 'dt'], ['DT', 'dt'], ['HPV', 'hpv'], ['子宮頸がん予防', 'hpv'],
    ['インフルエンザ', 'influenza'], ['高齢者肺炎球菌', 'pneumococcal-elderly'], ['新型コロナ', 'covid19'],
    ['帯状疱疹', 'zoster'], ['風しん第5期', 'rubella-5'], ['RSウイルス', 'rsv-maternal'], ['ＨＩＢ', 'hib'],
  ] as const)('%s → %s', (name, v) => expect(vaccineOfName(name)).toBe(v));
  it('unknown names are null', () => expect(vaccineOfName('01')).toBeNull());
  it.each([['1', 1], ['２', 2], ['3回目', 3], ['第4回', 4], ['20', 20]] as const)('dose %s → %d', (t, n) => expect(parseDoseOrdinal(t)).toBe(n));
  it.each(['0', '21', '', '1期初回1', '追加'])('dose %s → null', (t) => expect(parseDoseOrdinal(t)).toBeNull());
  it.each([['1', 'routine'], ['定期', 'routine'], ['2', 'voluntary'], ['任意', 'voluntary'], ['3', 'temporary'], ['4', 'special-measures'], ['特措法', 'special-measures']] as const)(
    'category %s → %s', (t, c) => expect(categoryOfCode(t)).toBe(c),
  );
});
