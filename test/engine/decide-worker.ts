// One of two processes deciding the same requests on one SQLite store. It opens its own engine, signs its session in,
// says READY, then for each line "go <requestId>" on stdin decides that request and prints what happened:
// "WON <id>", or "REFUSED <id> <code>" for a refusal the engine raised.
import { createInterface } from 'node:readline';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated, VaxledgerError } from '@vaxledger/domain';
import { TENANT } from '../support/events.ts';

const [file] = process.argv.slice(2);
const engine = await openSqliteEngine({ file: file!, tenant: TENANT, authenticator: hostAuthenticated });
const privacy = engine.session('privacy.abe', 'disclosure');
// The first call authenticates and catches up: the race below is the decision alone.
await privacy.requests();
process.stdout.write('READY\n');
for await (const line of createInterface({ input: process.stdin })) {
  const requestId = line.split(' ')[1]!;
  try {
    await privacy.decideRequest(requestId, 'granted', '本人確認済み');
    process.stdout.write(`WON ${requestId}\n`);
  } catch (error) {
    process.stdout.write(error instanceof VaxledgerError ? `REFUSED ${requestId} ${error.code}\n` : `ERROR ${requestId} ${String(error).split('\n')[0]}\n`);
  }
}
await engine.close();
