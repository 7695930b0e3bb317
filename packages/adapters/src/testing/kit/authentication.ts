import fc from 'fast-check';
import { LOCKOUT } from '@vaxledger/domain';
import { eventsAfter, headOf, kitSecretOf, outcomeOf, TENANT_A, withHost } from './host.ts';
import { cannotRun, fail, runProperty, type Tally } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';
import type { Engine } from '@vaxledger/application';

/** A wrong secret as someone types it: near the right one, empty, or another operator's. */
const wrongSecretArb = (right: string) => fc.oneof(
  fc.constant(right.slice(0, -1)),
  fc.constant(`${right} `),
  fc.constant(right.toUpperCase()),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s !== right),
);

/** Calls as the operator with a secret; checks it was denied for `reason`, logged once as such. */
async function expectDenied(engine: Engine, operatorId: string, secret: string, reason: string, tally: Tally, what: string): Promise<void> {
  const before = await headOf(engine);
  const outcome = await outcomeOf(() => engine.session(operatorId, 'inquiry', { secret }).viewLedger('009999'));
  if (outcome.kind !== 'denied') fail(`${what} was not denied`);
  if (outcome.kind === 'denied' && outcome.reason !== reason) fail(`${what} was denied for ${outcome.reason}, not ${reason}`);
  const left = await eventsAfter(engine, before);
  const data = left[0]?.data as { reason?: string } | undefined;
  if (left.length !== 1 || left[0]!.type !== 'AccessDenied' || data?.reason !== reason) fail(`${what} left ${left.length} entries, not one denial for ${reason}`);
  tally.add(`denied and logged: ${reason}`);
}

/**
 * authentication: on a host that checks secrets (a `credentials` hook), an operator's wrong secrets are denied
 * (authentication-failed) and each is logged once; after LOCKOUT.failures of them the right secret is refused too
 * (locked), logged; the administrator's unlock lets it in again. On a host that vouches for its operators itself
 * (`authentication: 'host-vouches'`), a secret presented is refused (unexpected-credentials), logged. A host that
 * says neither fails: the kit cannot tell how its operators authenticate.
 */
export function authenticationHolds(o: KitOptions): Promise<PropertyResult> {
  if (!o.credentials && o.authentication !== 'host-vouches') {
    return Promise.resolve(cannotRun('authentication', "no credentials hook given (or authentication: 'host-vouches' for a host that authenticates operators itself)"));
  }
  if (!o.credentials) {
    return runProperty('authentication', o, 2, fc.string({ minLength: 12, maxLength: 30 }), (secret, tally) => withHost(o, async (host) => {
      const engine = await host.open(TENANT_A, {});
      await expectDenied(engine, 'admin.sato', secret, 'unexpected-credentials', tally, 'a secret presented to a host that vouches for its operators');
    }), { 'denied and logged: unexpected-credentials': 1 });
  }
  const id = 'kit.clerk-auth';
  const right = kitSecretOf(id);
  const minimums = { 'denied and logged: authentication-failed': LOCKOUT.failures, 'denied and logged: locked': 1, 'signed in after unlock': 1, 'signed in with the right secret': 1 };
  return runProperty('authentication', o, 2, fc.array(wrongSecretArb(right), { minLength: LOCKOUT.failures, maxLength: LOCKOUT.failures }), (wrong, tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    // The administrator signs in with the secret the host gave: an engine that takes no secret (hostAuthenticated on a
    // host that says its operators have secrets) refuses it, and checks no secret at all.
    const admin = await outcomeOf(() => host.admin(engine, 'administration').operatorReview());
    if (admin.kind === 'denied') fail(`the administrator's secret from the credentials hook was refused (${admin.reason}): the engine does not check the secrets the host says its operators sign in with`);
    await host.addOperator(engine, { id, roles: ['inquiry'], purposes: ['inquiry'] });
    const view = await outcomeOf(() => engine.session(id, 'inquiry', { secret: right }).operatorReview());
    // The right secret signs in: the call is then refused by the policy (operatorReview is not an inquiry's), not by authentication.
    if (view.kind === 'denied' && view.reason !== 'purpose-not-allowed') fail(`the right secret was refused (${view.reason})`);
    tally.add('signed in with the right secret');
    for (const [i, secret] of wrong.entries()) await expectDenied(engine, id, secret, 'authentication-failed', tally, `wrong secret ${i + 1}`);
    await expectDenied(engine, id, right, 'locked', tally, `the right secret after ${LOCKOUT.failures} wrong ones`);
    await host.admin(engine, 'administration').unlockOperator(id);
    const after = await outcomeOf(() => engine.session(id, 'inquiry', { secret: right }).viewLedger('009999'));
    if (after.kind === 'denied') fail(`the right secret was refused after an unlock (${after.reason})`);
    tally.add('signed in after unlock');
  }), minimums);
}
