import { FileKeyStore } from '@vaxledger/adapters';
import { sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the key store never destroys a key';
export const description = "The host's key store (a subclass of the file key store) does nothing in destroySubjectKey: after an erasure and a reopen, the person's sealed items open again.";
export const expectedProperty = 'erasure' satisfies BrokenHostCase['expectedProperty'];

class KeepingKeyStore extends FileKeyStore {
  override async destroySubjectKey(): Promise<void> {}
}

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { keyStore: (file, create) => new KeepingKeyStore(file, { create }) });
