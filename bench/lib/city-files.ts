import { formatIsoDate, type DayNumber, type Sex } from '@vaxledger/domain';
import { drawBirth, EVALUATION_DAY, halfWidthKana, nameAndAddress, registryDate, seededRandom } from './population.ts';

/** 整理番号 of the n-th synthetic resident (10 digits, as resident-records systems number them). */
export const registryNo = (n: number): string => String(1_000_000_001 + n);

export interface RegisteredResident {
  readonly n: number;
  readonly id: string;
  readonly kana: string;
  readonly birth: DayNumber;
  readonly sex: Sex;
  /** still living here after the import (not moved out, not dead) */
  readonly resident: boolean;
}

/** The resident behind registry row n (deterministic): what a slip for that resident must carry to match. */
export function registryResident(n: number, seed = 1, ageFrom?: number, ageTo?: number): RegisteredResident & { row: string[] } {
  const r = seededRandom(seed * 1_000_003 + n);
  const birth = drawBirth(r, EVALUATION_DAY, ageFrom ?? 0, ageTo ?? 101);
  const sex: Sex = r() < 0.515 ? 'female' : 'male';
  const na = nameAndAddress(n, sex);
  const age = (EVALUATION_DAY - birth) / 365.2425;
  const u = r();
  // 最新異動区分 of a full extract: births, moves in, moves within the city, some who left or died this year.
  let movement = '';
  let movedOn = '';
  let leftOn = '';
  const recent = EVALUATION_DAY - 1 - Math.floor(r() * 300);
  if (u < 0.01) {
    movement = '転出';
    movedOn = leftOn = formatIsoDate(recent);
  } else if (u < 0.015) {
    movement = '死亡';
    movedOn = leftOn = formatIsoDate(recent);
  } else if (age < 1 && u < 0.7) {
    movement = '出生';
    movedOn = formatIsoDate(birth);
  } else if (u < 0.2) {
    movement = '転入';
    movedOn = formatIsoDate(Math.max(birth, recent - 2000));
  } else if (u < 0.3) {
    movement = '転居';
    movedOn = formatIsoDate(Math.max(birth, recent - 1000));
  }
  // Names: mostly full-width katakana; older systems' extracts carry half-width ｶﾅ for some records.
  const kana = n % 10 === 7 ? halfWidthKana(na.kana) : na.kana;
  const row = [
    registryNo(n), kana, na.kanji, registryDate(birth, n), sex === 'male' ? '1' : '2', na.postal, na.address, na.ward,
    movement, movedOn, leftOn, r() < 0.3 ? '課税' : '非課税', r() < 0.003 ? '1' : '', r() < 0.01 ? '1' : '',
  ];
  return { n, id: registryNo(n), kana, birth, sex, resident: leftOn === '', row };
}

export function* registryRows(count: number, seed = 1): Iterable<string[]> {
  for (let n = 0; n < count; n++) yield registryResident(n, seed).row;
}

/**
 * A weekly diff (住基 週次差分) of a city of `citySize` synthetic residents, as the resident-records system sends it:
 * `changed` current residents (a quarter 転出, the rest 転居 within the city: a new address) and `births` new
 * residents (出生), each row the resident's whole current state. Deterministic for a given week.
 */
export function weeklyDiffRows(citySize: number, changed: number, births: number, week: number, day: string): string[][] {
  const rows: string[][] = [];
  const stride = 7_919; // a prime: the sample spreads over the whole city
  for (let i = 0, k = 0; rows.length < changed && i < citySize * 2; i++) {
    const r = registryResident((i * stride + week * 104_729) % citySize);
    if (!r.resident) continue;
    const row = [...r.row];
    if (k++ % 4 === 0) {
      row[8] = '転出';
      row[9] = row[10] = day;
    } else {
      row[6] = `${row[6]} ${week}-${k}号`;
      row[8] = '転居';
      row[9] = day;
    }
    rows.push(row);
  }
  for (let j = 0; j < births; j++) {
    const r = registryResident(citySize + week * births + j, 1, 0, 0);
    const row = [...r.row];
    row[8] = '出生';
    row[9] = row[3]!;
    row[10] = '';
    rows.push(row);
  }
  return rows;
}
