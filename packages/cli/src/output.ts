import { once } from 'node:events';

/** Standard output's reader went away (`vaxledger oplog | head`): the rest of the output has no one to read it. */
export class OutputClosed extends Error {
  constructor() {
    super('standard output was closed by its reader');
    this.name = 'OutputClosed';
  }
}

const isClosedPipe = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

/**
 * At the CLI's entry: a reader that stops reading (a pipe into `head`) ends the output quietly instead of an 'error'
 * event no one handles (Node's stack trace). Writes after that go nowhere; a listing stops (see writeOut). Any other
 * failure to write is one line on standard error and exit 2.
 */
export function guardStandardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (isClosedPipe(error) || (stream.destroyed && (error as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED')) return;
      process.exitCode = 2;
      if (stream !== process.stderr && !process.stderr.destroyed) process.stderr.write(`vaxledger: cannot write the output (${(error as NodeJS.ErrnoException).code ?? error.name})\n`);
    });
  }
}

/**
 * Writes to standard output, waiting when the reader is slower (a pipe to a pager or a file on a slow disk), so that a
 * long listing never piles up in memory; throws OutputClosed once the reader has gone, so that a listing stops there.
 */
export async function writeOut(text: string): Promise<void> {
  if (process.stdout.destroyed) throw new OutputClosed();
  if (process.stdout.write(text)) return;
  // The waits that lose the race are taken off again: each leaves listeners behind, and a long listing waits
  // thousands of times (Node warns of a leak past ten).
  const settled = new AbortController();
  try {
    await Promise.race([once(process.stdout, 'drain', { signal: settled.signal }), once(process.stdout, 'close', { signal: settled.signal })]);
  } catch (error) {
    if (isClosedPipe(error) || process.stdout.destroyed) throw new OutputClosed();
    throw error;
  } finally {
    settled.abort();
  }
  if (process.stdout.destroyed) throw new OutputClosed();
}
