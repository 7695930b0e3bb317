// One of two processes racing to append to the same stream at the same expected revision.
// For each line "go <round>" on stdin it appends one event to round's stream, expecting revision 0.
import { createInterface } from 'node:readline';
import { SqliteEventStore } from '@vaxledger/adapters';
import { WrongExpectedRevisionError } from '@vaxledger/domain';
import { anEvent } from '../support/events.ts';

const [file, name] = process.argv.slice(2);
const store = SqliteEventStore.open(file!);
process.stdout.write('READY\n');
for await (const line of createInterface({ input: process.stdin })) {
  const round = line.split(' ')[1]!;
  try {
    await store.append(`041009/resident/race${round}`, [anEvent({ by: name, round: Number(round) })], { expectedRevision: 0n });
    process.stdout.write(`WIN ${round}\n`);
  } catch (error) {
    process.stdout.write(`${error instanceof WrongExpectedRevisionError ? 'CONFLICT' : `ERROR ${String(error)}`} ${round}\n`);
  }
}
await store.close();
