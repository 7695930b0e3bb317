export * from './wareki.ts';
export * from './items.ts';
export * from './kana.ts';
export * from './my-number.ts';
export * from './my-number-detector.ts';
export * from './sex.ts';
export * from './movement.ts';
export * from './slip-codes.ts';
