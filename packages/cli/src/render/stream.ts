import { writeOut } from '../output.ts';

/** Writes to standard output, waiting for a slower reader; a listing stops when the reader has gone (see writeOut). */
export const write = writeOut;

/** A JSON array written element by element, in the layout printJson gives a whole array. */
export async function writeJsonArray(items: AsyncIterable<unknown> | Iterable<unknown>, out: (text: string) => Promise<void> = write): Promise<void> {
  let first = true;
  for await (const item of items) {
    const text = JSON.stringify(item, null, 2).replace(/\n/g, '\n  ');
    await out(`${first ? '[\n  ' : ',\n  '}${text}`);
    first = false;
  }
  await out(first ? '[]\n' : '\n]\n');
}
