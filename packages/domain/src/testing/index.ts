export * from './arbitraries.ts';
export * from './decider-spec.ts';
export * from './projection-spec.ts';
