import { once } from 'node:events';

/** Writes to standard output, waiting when the reader is slower (a pipe to a pager or a file on a slow disk), so that a long listing never piles up in memory. */
export async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

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
