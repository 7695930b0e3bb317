import type { Sex } from '../events/common.ts';

/** 性別 as files write it: 1/2 (住基 code: 1 = male, 2 = female), 男/女, 男性/女性, M/F. Anything else is null. */
const WORDS: Readonly<Record<string, Sex>> = {
  '1': 'male', 男: 'male', 男性: 'male', M: 'male', MALE: 'male',
  '2': 'female', 女: 'female', 女性: 'female', F: 'female', FEMALE: 'female',
};

export function parseSex(text: string): Sex | null {
  return WORDS[text.normalize('NFKC').replace(/\s+/g, '').toUpperCase()] ?? null;
}
