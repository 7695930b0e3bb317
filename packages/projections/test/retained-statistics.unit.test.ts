import { describe, it } from 'vitest';
import { projectionSpec } from '@vaxledger/domain/testing';
import { retainedStatisticsProjection } from '../src/index.ts';
import { domainEvent, projected, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(retainedStatisticsProjection);
/** One document per tenant. */
const key = `${TENANT}/retained`;
const hib = { vaccine: 'hib', dose: 1, fiscalYear: 2024, ward: '101', ageGroup: '0' };
const mr = { vaccine: 'mr', dose: 1, fiscalYear: 2025, ward: '102', ageGroup: '1' };
const retained = (cells: (typeof hib)[], position: number, tenant = TENANT) => projected(domainEvent('StatisticsRetained', { cells }), { position, tenant });

describe('retained statistics projection', () => {
  it('StatisticsRetained: the anonymous cells of an erased person', () => {
    spec().given([]).when(retained([hib, mr], 1)).then({ [key]: { cells: [hib, mr] } });
  });

  it('StatisticsRetained again: the cells added to those kept, a repeated cell twice (each is one dose)', () => {
    spec().given([retained([hib], 1)]).when(retained([hib, mr], 2)).then({ [key]: { cells: [hib, hib, mr] } });
  });

  it('an erasure with nothing to keep still makes the tenant\'s document', () => {
    spec().given([]).when(retained([], 1)).then({ [key]: { cells: [] } });
  });

  it('keeps each tenant\'s cells apart', () => {
    spec().given([retained([hib], 1)]).when(retained([mr], 2, '011002')).then({ [key]: { cells: [hib] }, '011002/retained': { cells: [mr] } });
  });

  it('ignores every other event, the erasure itself included', () => {
    spec().given([retained([hib], 1)])
      .when(
        projected(domainEvent('SubjectErased', { residentId: '0001', reason: '保存期間の満了', withinRetention: false, slipIds: [] }), { position: 2 }),
        projected(domainEvent('ConditionRecorded', { residentId: '0001', condition: 'long-term-illness' }), { position: 3 }),
      )
      .thenUnchanged();
  });
});
