import { describe, it } from 'vitest';
import type { DomainEvent } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { operatorsProjection, type OperatorDoc } from '../src/index.ts';
import { domainEvent, projected, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(operatorsProjection);
const admin = 'tanaka.a';
const clerk = 'sato.h';
const adminKey = `${TENANT}/${admin}`;
const clerkKey = `${TENANT}/${clerk}`;

/** An event done by `operatorId` at 09:0n on 1 April 2025 (n = position), so each step's time is its own. */
const by = (operatorId: string, position: number, event: DomainEvent) =>
  projected(event, { position, recordedAt: atMinute(position), metadata: { operatorId, purpose: 'administration' } });
const atMinute = (n: number) => `2025-04-01T09:0${n}:00.000Z`;

const adminRegistered = by(admin, 1, domainEvent('OperatorRegistered', { operatorId: admin, roles: ['administrator'], purposes: ['administration'] }));
const clerkRegistered = by(admin, 2, domainEvent('OperatorRegistered', { operatorId: clerk, roles: ['registration'], purposes: ['registration'] }));
const asAdmin: OperatorDoc = {
  tenant: TENANT, operatorId: admin, status: 'active', roles: ['administrator'], purposes: ['administration'], registeredAt: atMinute(1), lastActedAt: atMinute(1), consecutiveFailures: 0,
};
/** The administrator once they have registered the clerk (their last action). */
const adminAfterRegistering: OperatorDoc = { ...asAdmin, lastActedAt: atMinute(2) };
const asClerk: OperatorDoc = { tenant: TENANT, operatorId: clerk, status: 'active', roles: ['registration'], purposes: ['registration'], registeredAt: atMinute(2), consecutiveFailures: 0 };
const failedSignIn = (position: number) => by(clerk, position, domainEvent('AccessDenied', { action: 'sign-in', reason: 'authentication-failed' }));
const clerkActs = (position: number) => by(clerk, position, domainEvent('RecordViewed', { action: 'ledger.show', residentId: '0001', items: ['vaccine'] }));

describe('operators projection', () => {
  it('OperatorRegistered by the operator themselves (the first administrator): one document, active and acting', () => {
    spec().given([]).when(adminRegistered).then({ [adminKey]: asAdmin });
  });

  it('OperatorRegistered by an administrator: the new operator, active with their roles; the administrator acted', () => {
    spec().given([adminRegistered]).when(clerkRegistered).then({ [adminKey]: adminAfterRegistering, [clerkKey]: asClerk });
  });

  it('RoleGranted and RoleRevoked: roles and affairs added and taken away', () => {
    spec().given([adminRegistered, clerkRegistered])
      .when(
        by(admin, 3, domainEvent('RoleGranted', { operatorId: clerk, roles: ['inquiry'], purposes: ['inquiry'] })),
        by(admin, 4, domainEvent('RoleRevoked', { operatorId: clerk, roles: ['registration'], purposes: [] })),
      )
      .then({ [adminKey]: { ...asAdmin, lastActedAt: atMinute(4) }, [clerkKey]: { ...asClerk, roles: ['inquiry'], purposes: ['registration', 'inquiry'] } });
  });

  it('OperatorDeactivated: deactivated, and when (the roles stay for the access review)', () => {
    spec().given([adminRegistered, clerkRegistered])
      .when(by(admin, 3, domainEvent('OperatorDeactivated', { operatorId: clerk, reason: '人事異動' })))
      .then({ [adminKey]: { ...asAdmin, lastActedAt: atMinute(3) }, [clerkKey]: { ...asClerk, status: 'deactivated', deactivatedAt: atMinute(3) } });
  });

  it('AccessDenied for a failed authentication: counts the failures in a row, and notes the last', () => {
    spec().given([adminRegistered, clerkRegistered]).when(failedSignIn(3), failedSignIn(4))
      .then({ [adminKey]: adminAfterRegistering, [clerkKey]: { ...asClerk, consecutiveFailures: 2, lastFailureAt: atMinute(4) } });
  });

  it('AccessDenied for another reason: on the operator\'s document, neither a failure nor an action', () => {
    spec().given([adminRegistered, clerkRegistered])
      .when(by(clerk, 3, domainEvent('AccessDenied', { action: 'ledger.show', residentId: '0001', reason: 'purpose-not-allowed' })))
      .thenUnchanged();
  });

  it('AccessDenied of an id no one registered: a document of an unknown operator, so that the review shows it', () => {
    spec().given([]).when(by('nobody.x', 1, domainEvent('AccessDenied', { action: 'sign-in', reason: 'unknown-operator' })))
      .then({ [`${TENANT}/nobody.x`]: { tenant: TENANT, operatorId: 'nobody.x', status: 'unknown', roles: [], purposes: [], consecutiveFailures: 0 } });
  });

  it('any allowed action: when the operator last acted, and their failures forgiven', () => {
    spec().given([adminRegistered, clerkRegistered, failedSignIn(3)]).when(clerkActs(4))
      .then({ [adminKey]: adminAfterRegistering, [clerkKey]: { ...asClerk, lastActedAt: atMinute(4), lastFailureAt: atMinute(3), consecutiveFailures: 0 } });
  });

  it('OperatorUnlocked: the failures of the operator unlocked are forgiven', () => {
    spec().given([adminRegistered, clerkRegistered, failedSignIn(3), failedSignIn(4)])
      .when(by(admin, 5, domainEvent('OperatorUnlocked', { operatorId: clerk })))
      .then({ [adminKey]: { ...asAdmin, lastActedAt: atMinute(5) }, [clerkKey]: { ...asClerk, lastFailureAt: atMinute(4), consecutiveFailures: 0 } });
  });

  it('OperatorSecretChanged by an administrator: only the administrator acted (a secret is not a role)', () => {
    spec().given([adminRegistered, clerkRegistered]).when(by(admin, 3, domainEvent('OperatorSecretChanged', { operatorId: clerk })))
      .then({ [adminKey]: { ...asAdmin, lastActedAt: atMinute(3) }, [clerkKey]: asClerk });
  });

  it('an operator\'s actions in another tenant are that tenant\'s documents', () => {
    const elsewhere = '011002';
    spec().given([adminRegistered])
      .when(projected(domainEvent('OperatorUnlocked', { operatorId: clerk }), { position: 2, recordedAt: atMinute(2), tenant: elsewhere, metadata: { operatorId: admin } }))
      .then({
        [adminKey]: asAdmin,
        [`${elsewhere}/${admin}`]: { tenant: elsewhere, operatorId: admin, status: 'unknown', roles: [], purposes: [], lastActedAt: atMinute(2), consecutiveFailures: 0 },
        [`${elsewhere}/${clerk}`]: { tenant: elsewhere, operatorId: clerk, status: 'unknown', roles: [], purposes: [], consecutiveFailures: 0 },
      });
  });
});
