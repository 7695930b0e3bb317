// Imports one registry file into a store; the crash test kills it with SIGKILL part-way.
import { readFileSync } from 'node:fs';
import { openSqliteEngine } from '@vaxledger/adapters';

const [db, file] = process.argv.slice(2);
const bytes = readFileSync(file!);
const engine = await openSqliteEngine({ file: db!, tenant: '041009' });
process.stdout.write('READY\n');
const summary = await engine.session('admin.sato', 'registration').importRegistry(bytes, { fileName: 'big.csv' });
await engine.close();
process.stdout.write(`DONE ${JSON.stringify(summary)}\n`);
