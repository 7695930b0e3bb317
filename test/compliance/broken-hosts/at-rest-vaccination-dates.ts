import { leavingInClear, sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'vaccination dates are stored in clear';
export const description = "The host's codec leaves the date of each VaccinationRecorded in clear beside the sealed part (to index it): 接種日 at rest in the store file.";
export const expectedProperty = 'nothing-at-rest' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { codec: (cipher) => leavingInClear(cipher, 'VaccinationRecorded', 'date') });
