import { sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'SQLite without the cipher';
export const description = 'The host builds its SQLite store by hand and forgets the codec: events are written in clear.';
export const expectedProperty = 'nothing-at-rest' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { codec: null });
