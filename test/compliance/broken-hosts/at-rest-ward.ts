import { leavingInClear, sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the ward is stored in clear';
export const description = "The host's codec leaves the ward (地区) of each ResidentRegistered in clear, to route notices.";
export const expectedProperty = 'nothing-at-rest' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { codec: (cipher) => leavingInClear(cipher, 'ResidentRegistered', 'wardCode') });
