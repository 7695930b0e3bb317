// Erases the fixture's person; before each step of the erasure it says which on stdout (written synchronously, so
// the line is out before the step starts): the crash test kills it with SIGKILL at a moment inside the erasure.
import { writeSync } from 'node:fs';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';

const [db] = process.argv.slice(2);
const engine = await openSqliteEngine({
  file: db!, tenant: '041009', authenticator: hostAuthenticated,
  erasureSteps: (step) => { writeSync(1, `STEP ${step}\n`); },
});
const result = await engine.session('admin.sato', 'administration').erase('0000300001', { reason: '本人からの利用停止請求 (決定済み)' });
writeSync(1, `DONE ${JSON.stringify(result)}\n`);
await engine.close();
