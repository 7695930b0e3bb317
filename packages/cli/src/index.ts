export { buildProgram, main } from './main.ts';
export { EXIT } from './exit-codes.ts';
