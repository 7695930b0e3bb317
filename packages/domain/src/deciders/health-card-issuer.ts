import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { HealthCardIssuerSchema } from '../events/linkage-events.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The event of the tenant's health-card issuer stream. */
export type HealthCardIssuerEvent = EventOf<'HealthCardIssuerSet'>;

/** The issuer URL set last, or none (the default then holds: defaultHealthCardIssuer). */
export type HealthCardIssuerState = { readonly issuer: string | null };

export interface SetHealthCardIssuer {
  readonly type: 'SetHealthCardIssuer';
  readonly issuer: string;
}

/** Which URL the tenant's SMART Health Cards name as `iss`: set by an administrator, on the record like any change. */
export const healthCardIssuerDecider: Decider<SetHealthCardIssuer, HealthCardIssuerEvent, HealthCardIssuerState> = {
  initialState: { issuer: null },

  decide(command, state) {
    const parsed = HealthCardIssuerSchema.safeParse(command.issuer.trim());
    if (!parsed.success) return refuse('invalid-issuer', `the issuer URL must be ${parsed.error.issues[0]!.message}`);
    if (parsed.data === state.issuer) return refuse('issuer-unchanged', 'that issuer URL is already set');
    return E.right([{ type: 'HealthCardIssuerSet', data: { issuer: parsed.data } }]);
  },

  evolve(_state, event) {
    return { issuer: event.data.issuer };
  },
};
