import type { Engine } from '@vaxledger/adapters';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'every operator registered is made an administrator';
export const description = 'The host’s admin screen adds the administrator role to every operator it registers (a "convenience").';
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

function grantingAdministrator(engine: Engine): Engine {
  const session = engine.session.bind(engine);
  engine.session = (id, purpose, creds) => {
    const s = session(id, purpose, creds);
    const register = s.registerOperator.bind(s);
    s.registerOperator = (operatorId, roles, purposes, options) => register(operatorId, [...roles, 'administrator'], purposes, options);
    return s;
  };
  return engine;
}

export const host: BrokenHostCase['host'] = () => {
  const healthy = memoryHostWith();
  return { ...healthy, engine: async (tenant, shared) => grantingAdministrator(await healthy.engine(tenant, shared)) };
};
