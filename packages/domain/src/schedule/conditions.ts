/**
 * Person conditions as plain strings, so that hosts can store them and rule data can name them.
 *
 *   'long-term-illness[:YYYY-MM-DD]'   長期療養特例 applies (upper ages extended; dated: until 2年 after the day it ended)
 *   'antibody-insufficient[:YYYY-MM-DD]' 風しん抗体検査で抗体不足 (with the test date)
 *   'disability-60-64'                  60–64 with a heart/kidney/respiratory/HIV disability (B類)
 *   'disability-60-64-hiv'              60–64 with the HIV immune disability (帯状疱疹); implies 'disability-60-64'
 *   'pregnancy-start:YYYY-MM-DD'        the day of 妊娠0週0日 of the current pregnancy; sets 'pregnancy'
 *   'pregnancy-weeks:W[+D]'             gestational age W週D日 on the evaluation date; sets 'pregnancy'
 *   'doctor-shortened-interval'         the doctor judged a shortened interval necessary (Hib 20日)
 *   'had-disease:<vaccine id>'          had the disease: not a routine target for that vaccine
 * Any other `name[:YYYY-MM-DD]` is kept by name, so a host's rule set can require it.
 */
import { parseIsoDate, type DayNumber } from '../time/day-number.ts';

export interface ParsedConditions {
  /** condition names present (dated conditions by their name) */
  readonly names: ReadonlySet<string>;
  /** the date carried by a `name:YYYY-MM-DD` condition */
  readonly dates: ReadonlyMap<string, DayNumber>;
  /** 妊娠0週0日, or null when no pregnancy is recorded */
  readonly pregnancyStart: DayNumber | null;
  /** vaccine ids whose disease the person has had */
  readonly hadDisease: ReadonlySet<string>;
  /** strings that did not parse (a weeks value that is not a number, an impossible date) */
  readonly invalid: readonly string[];
}

const WEEKS = /^(\d{1,2})(?:\+([0-6]))?$/;

/** Parses conditions; `asOf` anchors 'pregnancy-weeks:…' (gestational age on that day). */
export function parseConditions(conditions: readonly string[] | undefined, asOf: DayNumber): ParsedConditions {
  const names = new Set<string>();
  const dates = new Map<string, DayNumber>();
  const hadDisease = new Set<string>();
  const invalid: string[] = [];
  let pregnancyStart: DayNumber | null = null;
  for (const text of conditions ?? []) {
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? null : text.slice(colon + 1);
    if (name === 'had-disease' && value) hadDisease.add(value);
    else if (name === 'pregnancy-start' || name === 'pregnancy-weeks') {
      const start = name === 'pregnancy-start' ? parseIsoDate(value ?? '') : weeksToStart(value ?? '', asOf);
      if (start === null) invalid.push(text);
      else {
        pregnancyStart = start;
        names.add('pregnancy');
      }
    } else if (value !== null) {
      const day = parseIsoDate(value);
      if (day === null) invalid.push(text);
      else {
        names.add(name);
        dates.set(name, day);
      }
    } else names.add(name);
  }
  if (names.has('disability-60-64-hiv')) names.add('disability-60-64');
  return { names, dates, pregnancyStart, hadDisease, invalid };
}

function weeksToStart(value: string, asOf: DayNumber): DayNumber | null {
  const m = WEEKS.exec(value);
  if (!m) return null;
  return asOf - (Number(m[1]) * 7 + Number(m[2] ?? 0));
}
