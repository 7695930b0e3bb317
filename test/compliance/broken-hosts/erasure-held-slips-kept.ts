import { FileKeyStore } from '@vaxledger/adapters';
import { sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = "the key store keeps held slips' keys";
export const description = "The host's key store destroys a person's own key but not the keys of held slips (slip-…) naming them: after an erasure the suspense queue still shows the slip's items.";
export const expectedProperty = 'erasure' satisfies BrokenHostCase['expectedProperty'];

class ResidentKeysOnly extends FileKeyStore {
  override async destroySubjectKey(tenant: string, subject: string): Promise<void> {
    if (!subject.startsWith('slip-')) await super.destroySubjectKey(tenant, subject);
  }
}

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, { keyStore: (file, create) => new ResidentKeysOnly(file, { create }) });
