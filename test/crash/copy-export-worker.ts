// Exports the 副本 as the CLI does (pages to a staged file, then the record, then the rename), and kills itself with
// SIGKILL at the point the crash test names: while writing, or after the record but before the rename.
import { openSync, writeSync } from 'node:fs';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated } from '@vaxledger/domain';

const [db, staged, when] = process.argv.slice(2);
const engine = await openSqliteEngine({ file: db!, tenant: '041009', authenticator: hostAuthenticated });
const fd = openSync(staged!, 'wx', 0o600);
let pages = 0;
await engine.session('admin.sato', 'linkage').exportCopies({
  write: async (chunk) => {
    writeSync(fd, chunk);
    if (when === 'while-writing' && ++pages === 2) process.kill(process.pid, 'SIGKILL');
  },
});
if (when === 'after-record') process.kill(process.pid, 'SIGKILL');
process.stdout.write('DONE\n');
