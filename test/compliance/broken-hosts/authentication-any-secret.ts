import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the authenticator lets any secret in';
export const description = "The host's own authenticator answers ok to everyone who has a secret at all.";
export const expectedProperty = 'authentication' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ authenticator: { authenticate: async (_t, _o, c) => (c?.secret ? 'ok' : 'no-credentials') } }));
