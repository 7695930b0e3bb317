import { secretAuthenticator } from '@vaxledger/adapters';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the lockout never locks';
export const description = 'The host configures secretAuthenticator with a lockout limit of a million failures: guessing a secret is never stopped.';
export const expectedProperty = 'authentication' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(({ keyStore }) => ({ authenticator: secretAuthenticator(keyStore, { limit: { failures: 1_000_000, minutes: 15 } }) }));
