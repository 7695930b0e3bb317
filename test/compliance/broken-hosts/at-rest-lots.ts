import { leavingInClear, sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'lots are stored in clear';
export const description = "The host's codec leaves the lot (ロット番号) of each VaccinationRecorded in clear, for a recall search.";
export const expectedProperty = 'nothing-at-rest' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { codec: (cipher) => leavingInClear(cipher, 'VaccinationRecorded', 'lot') });
