import { cleaningReaders, emptyingColumns, memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'columns the affair drops are emptied before the check';
export const description = 'The host empties the columns the affair does not keep (課税区分 of a registry file, 備考 of a slip) before the readers see the file: a My Number in them is never seen, never refused.';
export const expectedProperty = 'my-number-refused' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ fileReaders: cleaningReaders(emptyingColumns(['課税区分', '備考'])) }));
