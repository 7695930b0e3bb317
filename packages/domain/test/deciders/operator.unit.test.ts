import { describe, it } from 'vitest';
import { operatorDecider } from '../../src/index.ts';
import { deciderSpec } from '../../src/testing/index.ts';
import { event } from '../support/events.ts';

const spec = () => deciderSpec(operatorDecider);
const operatorId = 'sato.h';

const registered = event('OperatorRegistered', { operatorId, roles: ['registration'], purposes: ['registration'] });
const deactivated = event('OperatorDeactivated', { operatorId, reason: '人事異動' });

describe('operator decider: RegisterOperator', () => {
  it('registers a new operator with their roles and affairs', () => {
    spec().given([])
      .when({ type: 'RegisterOperator', operatorId, roles: ['registration'], purposes: ['registration'] })
      .then([registered]);
  });

  it('refuses an id that is already registered, active or deactivated', () => {
    spec().given([registered])
      .when({ type: 'RegisterOperator', operatorId, roles: ['inquiry'], purposes: ['inquiry'] })
      .thenFails('operator-exists');
    spec().given([registered, deactivated])
      .when({ type: 'RegisterOperator', operatorId, roles: ['inquiry'], purposes: ['inquiry'] })
      .thenFails('operator-exists');
  });

  it.each(['admin', 'root', 'staff2', 'operator', 'guest1'])('refuses the shared id %s: every id must name one person', (shared) => {
    spec().given([])
      .when({ type: 'RegisterOperator', operatorId: shared, roles: ['administrator'], purposes: ['administration'] })
      .thenFails('shared-operator-id');
  });
});

describe('operator decider: GrantRoles', () => {
  it('grants only the roles and affairs the operator does not hold yet', () => {
    spec().given([registered])
      .when({ type: 'GrantRoles', operatorId, roles: ['registration', 'inquiry'], purposes: ['registration', 'inquiry'] })
      .then([event('RoleGranted', { operatorId, roles: ['inquiry'], purposes: ['inquiry'] })]);
  });

  it('decides nothing when every role and affair is already held', () => {
    spec().given([registered])
      .when({ type: 'GrantRoles', operatorId, roles: ['registration'], purposes: ['registration'] })
      .then([]);
  });

  it('refuses an operator who is not registered, or deactivated', () => {
    spec().given([])
      .when({ type: 'GrantRoles', operatorId, roles: ['inquiry'], purposes: [] })
      .thenFails('operator-not-active');
    spec().given([registered, deactivated])
      .when({ type: 'GrantRoles', operatorId, roles: ['inquiry'], purposes: [] })
      .thenFails('operator-not-active');
  });
});

describe('operator decider: RevokeRoles', () => {
  const twoRoles = event('RoleGranted', { operatorId, roles: ['inquiry'], purposes: ['inquiry'] });

  it('revokes only the roles and affairs the operator holds', () => {
    spec().given([registered, twoRoles])
      .when({ type: 'RevokeRoles', operatorId, roles: ['inquiry', 'audit'], purposes: ['inquiry', 'audit'] })
      .then([event('RoleRevoked', { operatorId, roles: ['inquiry'], purposes: ['inquiry'] })]);
  });

  it('decides nothing when none of them is held', () => {
    spec().given([registered])
      .when({ type: 'RevokeRoles', operatorId, roles: ['audit'], purposes: ['audit'] })
      .then([]);
  });

  it('refuses an operator who is not registered, or deactivated', () => {
    spec().given([])
      .when({ type: 'RevokeRoles', operatorId, roles: ['registration'], purposes: [] })
      .thenFails('operator-not-active');
    spec().given([registered, deactivated])
      .when({ type: 'RevokeRoles', operatorId, roles: ['registration'], purposes: [] })
      .thenFails('operator-not-active');
  });
});

describe('operator decider: DeactivateOperator', () => {
  it('deactivates an active operator, with the reason', () => {
    spec().given([registered])
      .when({ type: 'DeactivateOperator', operatorId, reason: '人事異動' })
      .then([deactivated]);
  });

  it('refuses an operator who is not registered, or already deactivated', () => {
    spec().given([])
      .when({ type: 'DeactivateOperator', operatorId, reason: '人事異動' })
      .thenFails('operator-not-active');
    spec().given([registered, deactivated])
      .when({ type: 'DeactivateOperator', operatorId, reason: '人事異動' })
      .thenFails('operator-not-active');
  });
});

describe('operator decider: state', () => {
  it('starts with no operator', () => {
    spec().given([]).thenState({ status: 'none' });
  });

  it('adds granted and removes revoked roles and affairs', () => {
    spec().given([
      registered,
      event('RoleGranted', { operatorId, roles: ['inquiry', 'audit'], purposes: ['inquiry'] }),
      event('RoleRevoked', { operatorId, roles: ['registration'], purposes: ['registration'] }),
    ]).thenState({ status: 'active', roles: ['inquiry', 'audit'], purposes: ['inquiry'] });
  });

  it('keeps the roles of a deactivated operator (the access review still reads them)', () => {
    spec().given([registered, deactivated]).thenState({ status: 'deactivated', roles: ['registration'], purposes: ['registration'] });
  });

  it('is not changed by a secret change or an unlock', () => {
    spec().given([registered, event('OperatorSecretChanged', { operatorId }), event('OperatorUnlocked', { operatorId })])
      .thenState({ status: 'active', roles: ['registration'], purposes: ['registration'] });
  });

  it('ignores grants, revocations and deactivations of an operator never registered', () => {
    spec().given([
      event('RoleGranted', { operatorId, roles: ['inquiry'], purposes: [] }),
      event('RoleRevoked', { operatorId, roles: ['inquiry'], purposes: [] }),
      deactivated,
    ]).thenState({ status: 'none' });
  });
});
