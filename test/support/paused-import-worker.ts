// Imports a registry file into a SQLite store as operator `clerk.suzuki`, pausing just before the batch is committed
// until its parent writes a line on stdin (the parent deactivates the operator meanwhile). Prints `paused`, then
// `DONE <summary>` or `REFUSED <code>`.
import { readFileSync, readSync } from 'node:fs';
import { hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';

const [db, file] = process.argv.slice(2);
const engine = await openSqliteEngine({ file: db!, tenant: '041009', authenticator: hostAuthenticated });

/** Blocks this process (the import with it) until the parent writes a line. */
function waitForParent(): void {
  const buf = Buffer.alloc(16);
  for (;;) {
    try {
      if (readSync(0, buf, 0, buf.length, null) > 0) return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

try {
  const summary = await engine.session('clerk.suzuki', 'registration').importRegistry(readFileSync(file!), {
    fileName: 'weekly.csv',
    onProgress: (phase, done) => {
      if (phase === 'appending' && done === 0) {
        process.stdout.write('paused\n');
        waitForParent();
      }
    },
  });
  process.stdout.write(`DONE ${JSON.stringify(summary)}\n`);
} catch (error) {
  process.stdout.write(`REFUSED ${(error as { code?: string }).code ?? (error as Error).name}\n`);
} finally {
  await engine.close();
}
