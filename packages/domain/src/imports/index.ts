export * from './registry-diff.ts';
export * from './slip-matching.ts';
