import { Immer } from 'immer';

/**
 * The reducers' own immer instance, without auto-freeze: the runner owns every document it folds, so freezing them
 * (a third of a rebuild's time) buys nothing. A private instance leaves the host's own immer settings alone.
 */
const immer = new Immer({ autoFreeze: false });
export const produce: typeof immer.produce = immer.produce.bind(immer);
