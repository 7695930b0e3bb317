// A child process that appends batches as fast as it can and reports each one the store acknowledged.
// The crash test kills it with SIGKILL at random moments.
import { SqliteEventStore, SqliteProjectionStore } from '@vaxledger/adapters';
import { ALL_PROJECTIONS, ProjectionRunner } from '@vaxledger/projections';
import { batchStream, vaccinationBatch } from '../support/vaccination-batches.ts';

const [file, startArg] = process.argv.slice(2);
const store = SqliteEventStore.open(file!);
const runner = new ProjectionRunner(store, new SqliteProjectionStore(store.db), ALL_PROJECTIONS, { pageSize: 50 });
let next = Number(startArg);
process.stdout.write('READY\n');

// Four appends in flight at a time, so that group commits are killed too; projections catch up in between.
async function lane(): Promise<never> {
  for (;;) {
    const b = next++;
    await store.append(batchStream(b), vaccinationBatch(b), { expectedRevision: 'any' });
    process.stdout.write(`ACK ${b}\n`);
    if (b % 5 === 0) await runner.catchUp();
  }
}
await Promise.all([lane(), lane(), lane(), lane()]);
