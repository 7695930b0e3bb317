// Imports one registry file into a store; the crash test kills it with SIGKILL part-way. Each step of the import is
// announced on stdout (PROGRESS phase done total), so that the test can kill it at a chosen step, while it runs.
import { readFileSync } from 'node:fs';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';

const [db, file] = process.argv.slice(2);
const bytes = readFileSync(file!);
const engine = await openSqliteEngine({ file: db!, tenant: '041009', authenticator: hostAuthenticated });
process.stdout.write('READY\n');
const summary = await engine.session('admin.sato', 'registration').importRegistry(bytes, {
  fileName: 'big.csv',
  // A pipe's writes are synchronous on Linux: the line is out before the import goes on.
  onProgress: (phase, done, total) => void process.stdout.write(`PROGRESS ${phase} ${done} ${total}\n`),
});
await engine.close();
process.stdout.write(`DONE ${JSON.stringify(summary)}\n`);
