import { leavingInClear, sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'sex is stored in clear';
export const description = "The host's codec leaves the sex of each ResidentRegistered in clear (a 'harmless' item, it thought).";
export const expectedProperty = 'nothing-at-rest' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { codec: (cipher) => leavingInClear(cipher, 'ResidentRegistered', 'sex') });
