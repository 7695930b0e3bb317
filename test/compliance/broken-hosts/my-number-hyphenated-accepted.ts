import { cleaningReaders, memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'hyphenated My Numbers are cleaned away, not refused';
export const description = "The host's file pre-cleaning takes a 4-4-4 hyphenated number for a phone number and blanks it: a My Number written 1234-5678-9012 is dropped silently and the file accepted.";
export const expectedProperty = 'my-number-refused' satisfies BrokenHostCase['expectedProperty'];

const clean = (text: string) => text.replace(/[0-9０-９]{4}[-－‐ー][0-9０-９]{4}[-－‐ー][0-9０-９]{4}/g, '');

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ fileReaders: cleaningReaders(clean) }));
