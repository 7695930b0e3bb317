/** What an operator presents to prove who they are. Opaque to the engine; the Authenticator knows its shape. */
export interface Credentials {
  readonly secret?: string;
}

/**
 * Authentication belongs to the host: the facade acts only for a principal this port has accepted. A wrong secret is
 * an answer ('failed'), not an exception; the engine records it as a denial and locks the operator after repeats.
 */
export interface Authenticator {
  authenticate(tenant: string, operatorId: string, credentials: Credentials | undefined): Promise<'ok' | 'failed'>;
}

/**
 * For hosts that authenticate operators themselves (their own single sign-on) and vouch for the id they pass.
 * Authorization (roles, purposes, deny by default) still applies to every call.
 */
export const hostAuthenticated: Authenticator = {
  authenticate: async () => 'ok',
};
