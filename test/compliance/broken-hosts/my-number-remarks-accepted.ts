import { cleaningReaders, emptyingColumns, memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'a My Number in 備考 (remarks) is accepted';
export const description = 'The host empties the remarks (備考) of clinic slips before reading them, a column it never shows: a My Number a clinic wrote there goes unrefused.';
export const expectedProperty = 'my-number-refused' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ fileReaders: cleaningReaders(emptyingColumns(['備考'])) }));
