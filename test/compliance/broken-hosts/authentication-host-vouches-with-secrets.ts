import { hostAuthenticated } from '@vaxledger/domain';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'hostAuthenticated where secrets are expected';
export const description = 'The host says its operators sign in with secrets (it gives the kit credentials) but composes the engine with hostAuthenticated, the default of its template: no secret is ever checked.';
export const expectedProperty = 'authentication' satisfies BrokenHostCase['expectedProperty'];

// Every call the kit makes with a secret is then refused (unexpected-credentials): no other property can pass either.
export const control = null;

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ authenticator: hostAuthenticated }));
