export * from './compliance-kit.ts';
