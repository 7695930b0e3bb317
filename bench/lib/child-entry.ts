/** The child side of runIsolated (isolate.ts): imports the module, calls the function, reports through IPC. */
import { cleanWorkDir } from './workdir.ts';
import type { ChildMessage } from './isolate.ts';

const send = (m: ChildMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

process.once('message', async (msg: { module: string; fn: string; arg: unknown }) => {
  const log = (message: string) => void send({ kind: 'log', message });
  try {
    const mod = (await import(msg.module)) as Record<string, (arg: unknown, log: (m: string) => void) => Promise<unknown>>;
    const result = await mod[msg.fn]!(msg.arg, log);
    await send({ kind: 'result', result });
  } catch (error) {
    await send({ kind: 'error', message: (error as Error).stack ?? String(error) });
  } finally {
    cleanWorkDir();
    process.disconnect();
  }
});
