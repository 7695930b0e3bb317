import { createEngine } from '@vaxledger/application';
import { MemoryEventStore, MemoryKeyStore, secretAuthenticator, SubjectCipher } from '@vaxledger/adapters';
import { ADMIN_SECRET } from '../hosts/healthy-hosts.ts';
import { credentials, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the engine has no file readers';
export const description = 'The host composes the engine from @vaxledger/application without file readers: every import is refused, but not for the 個人番号 it carries.';
export const expectedProperty = 'my-number-refused' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => ({
  credentials,
  engine: async (tenant) => {
    const keyStore = new MemoryKeyStore();
    const engine = createEngine({ store: new MemoryEventStore(), tenant, keyStore, cipher: new SubjectCipher(keyStore), authenticator: secretAuthenticator(keyStore) });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    return engine;
  },
});
