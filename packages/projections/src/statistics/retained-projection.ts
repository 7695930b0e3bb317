import { produce } from '../immer.ts';
import { docKey, type Projection } from '../projection.ts';

export interface RetainedCell {
  readonly vaccine: string;
  readonly dose: number;
  readonly fiscalYear: number;
  readonly ward: string;
  readonly ageGroup: string;
}

/** The anonymous dose cells kept for statistics when people were erased: one document per tenant. */
export interface RetainedStatisticsDoc {
  readonly cells: readonly RetainedCell[];
}

export const retainedStatisticsProjection: Projection<RetainedStatisticsDoc> = {
  name: 'retained-statistics',
  version: 1,
  keysOf: (e) => (e.event.type === 'StatisticsRetained' ? [docKey(e.tenant, 'retained')] : []),
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type !== 'StatisticsRetained') return doc;
    return produce(doc ?? { cells: [] }, (d) => {
      d.cells.push(...ev.data.cells);
    });
  },
};
