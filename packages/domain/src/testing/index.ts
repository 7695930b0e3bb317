export * from './arbitraries.ts';
export * from './scenario-arbitraries.ts';
export * from './operator-arbitraries.ts';
export * from './my-number-arbitraries.ts';
export * from './decider-spec.ts';
export * from './projection-spec.ts';
