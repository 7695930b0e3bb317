import cliProgress from 'cli-progress';

/**
 * A progress bar on a terminal (cli-progress, on stderr so that --json output stays clean), nothing when the output
 * is piped or in CI. Phases are the caller's: an import's (reading, matching, appending, projecting), verify's
 * (chain, rebuild, compare).
 */
export function terminalProgress<Phase extends string = string>(): { onProgress?: (phase: Phase, done: number, total: number) => void; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    onProgress(next, done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), done, { phase: next.padEnd(10) });
        started = true;
      }
      if (next !== phase) {
        phase = next;
        bar.setTotal(Math.max(total, 1));
      }
      bar.update(done, { phase: next.padEnd(10) });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
