export * from './ledger.ts';
export * from './csv.ts';
