import { Readable } from 'node:stream';
import { main } from '../../packages/cli/src/main.ts';
import { ADMIN_SECRET } from './child.ts';

/**
 * Runs the CLI's `main(argv)` in this process, capturing what it writes: the same commands and boundary as the
 * `vaxledger` binary, without a process start per run (property tests run the CLI hundreds of times).
 * VAXLEDGER_SECRET is the administrator's unless `env` says otherwise. Runs must not overlap (stdout is swapped).
 */
export async function runMain(args: readonly string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // Standard input, when given: a stream of those bytes in place of the process's own, for this run only.
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  if (input !== undefined) Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(input, 'utf8')]), configurable: true, enumerable: true });
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries({ VAXLEDGER_SECRET: ADMIN_SECRET, ...env })) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
  const out: string[] = [];
  const err: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (into: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const code = await main(['node', 'vaxledger', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    if (input !== undefined) Object.defineProperty(process, 'stdin', stdin);
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
