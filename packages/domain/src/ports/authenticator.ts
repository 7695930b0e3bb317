/** What an operator presents to prove who they are. Opaque to the engine; the Authenticator knows its shape. */
export interface Credentials {
  readonly secret?: string;
}

/**
 * The answer of an authenticator. A wrong secret is an answer ('failed'), not an exception; the engine records every
 * answer but 'ok' as a denial. 'no-credentials': nothing was presented (not counted as a failed attempt);
 * 'unexpected-credentials': a secret was presented to an authenticator that takes none (a host's mistake, refused);
 * `lockedUntil`: too many failed attempts, no secret was checked.
 */
export type AuthenticationResult = 'ok' | 'failed' | 'no-credentials' | 'unexpected-credentials' | { readonly lockedUntil: Date };

/**
 * Authentication belongs to the host: the facade acts only for a principal this port has accepted. An engine is
 * always built with one, chosen explicitly (there is no default): `secretAuthenticator(keyStore)` or the host's own,
 * or `hostAuthenticated` for a host that signs its operators on itself.
 */
export interface Authenticator {
  authenticate(tenant: string, operatorId: string, credentials: Credentials | undefined): Promise<AuthenticationResult>;
}

/**
 * For hosts that authenticate operators themselves (their own single sign-on) and vouch for the id they pass.
 * Authorization (roles, purposes, deny by default) still applies to every call. It takes no secret: one passed to it
 * is refused, so that a host that meant to check secrets cannot run with this one by mistake and accept any secret.
 */
export const hostAuthenticated: Authenticator = {
  authenticate: async (_tenant, _operatorId, credentials) => (credentials?.secret !== undefined ? 'unexpected-credentials' : 'ok'),
};
