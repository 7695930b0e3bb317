import type { Purpose } from '../events/metadata.ts';

/** Items a view of a resident can show. */
export const VIEW_ITEMS = [
  'residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'address', 'postalCode', 'integratedAddresseeNo', 'vaccinations',
] as const;
export type ViewItem = (typeof VIEW_ITEMS)[number];

/**
 * 事務と情報項目の対応付け: the items each affair may see. What is not listed is not shown (deny by default):
 * statistics see no person at all, linkage sees the 統合宛名番号 and the record but no name or address, notices see
 * what a notice needs.
 */
export const ITEMS_BY_PURPOSE: Readonly<Record<Purpose, readonly ViewItem[]>> = {
  registration: ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'address', 'postalCode', 'vaccinations'],
  inquiry: ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'vaccinations'],
  notices: ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'postalCode', 'address'],
  linkage: ['residentId', 'integratedAddresseeNo', 'vaccinations'],
  statistics: [],
  disclosure: ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'address', 'postalCode', 'vaccinations'],
  // 健康被害救済: the claim and the vaccination it is about; the person's details stay with the claim's own papers.
  relief: ['residentId', 'vaccinations'],
  audit: ['residentId'],
  administration: [],
};

/**
 * 住基閲覧注意 (e.g. DV support): the address is withheld from every purpose that does not strictly need it. Only a
 * disclosure to the person themself shows it; registration works from the registry without displaying it.
 */
export const ADDRESS_NEEDED_BY: readonly Purpose[] = ['disclosure'];

export function itemsFor(purpose: Purpose, addressRestricted: boolean): ViewItem[] {
  const items = ITEMS_BY_PURPOSE[purpose];
  if (!addressRestricted || ADDRESS_NEEDED_BY.includes(purpose)) return [...items];
  return items.filter((i) => i !== 'address' && i !== 'postalCode');
}

/**
 * The items of a request letter (依頼書, 別添2 #45–59) and the outside dose it led to. The stay (滞在先) is where the
 * person is for a while, away from their registered address: a personal item no affair sees but the one that writes
 * the letter (registration) and the person's own disclosure.
 */
export const LETTER_ITEMS = [
  'letterId', 'residentId', 'vaccine', 'dose', 'status', 'lodgedOn',
  'stayAddress', 'stayPostalCode', 'stayPhone', 'reason', 'clinicName', 'returnTo', 'returnBy',
  'documentNumber', 'approvalNumber', 'issuedOn', 'contact', 'issues',
  'recordId', 'vaccinatedOn', 'amount', 'paidOn',
] as const;
export type LetterItem = (typeof LETTER_ITEMS)[number];

/** The items of the stay, which only the purposes below see. */
export const STAY_ITEMS: readonly LetterItem[] = ['stayAddress', 'stayPostalCode', 'stayPhone'];

export const LETTER_ITEMS_BY_PURPOSE: Readonly<Record<Purpose, readonly LetterItem[]>> = {
  registration: LETTER_ITEMS,
  disclosure: LETTER_ITEMS,
  relief: [],
  audit: [],
  inquiry: [],
  notices: [],
  linkage: [],
  statistics: [],
  administration: [],
};

export function letterItemsFor(purpose: Purpose): LetterItem[] {
  return [...LETTER_ITEMS_BY_PURPOSE[purpose]];
}
