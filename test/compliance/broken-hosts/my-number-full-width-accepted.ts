import { cleaningReaders, memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'full-width My Numbers are cleaned away, not refused';
export const description = "The host's file pre-cleaning removes runs of full-width digits (全角数字) as garbage before the readers see the file: a full-width My Number is dropped silently and the file accepted, never refused.";
export const expectedProperty = 'my-number-refused' satisfies BrokenHostCase['expectedProperty'];

// Twelve full-width digits, with or without separators between them.
const clean = (text: string) => text.replace(/[０-９](?:[\s　.．\-－‐]*[０-９]){11}/g, '');

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ fileReaders: cleaningReaders(clean) }));
