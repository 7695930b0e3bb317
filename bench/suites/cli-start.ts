import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/config.ts';
import type { BenchContext, Suite, Verdict } from '../lib/context.ts';
import { fmtNumber, fmtRatio, markdownTable, passMiss } from '../lib/markdown.ts';
import { nowMs } from '../lib/timing.ts';

/** Target (issue 21): `vaxledger --help` starts in at most 8 times what an empty `node -e 0` takes. */
const TARGET_RATIO = 8;
const CLI = join(REPO_ROOT, 'packages/cli/bin/vaxledger.js');

interface CliStart {
  readonly runs: number;
  readonly nodeMs: number;
  readonly helpMs: number;
}

let result: CliStart | undefined;
let failure: string | undefined;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of one process, start to exit. */
function timeProcess(args: readonly string[]): number {
  const started = nowMs();
  const ran = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (ran.status !== 0) throw new Error(`node ${args.join(' ')} exited ${ran.status}: ${ran.stderr.toString().slice(0, 200)}`);
  return nowMs() - started;
}

export const cliStartSuite: Suite = {
  name: 'cli-start',
  async run(ctx) {
    ctx.sections.push({ order: 100, render });
    try {
      const runs = ctx.config.quick ? 3 : 10;
      const node: number[] = [];
      const help: number[] = [];
      // Interleaved, so that a change in the machine's load falls on both alike.
      for (let i = 0; i < runs; i++) {
        node.push(timeProcess(['-e', '0']));
        help.push(timeProcess([CLI, '--help']));
      }
      result = { runs, nodeMs: median(node), helpMs: median(help) };
      ctx.log(`cli-start: node -e 0 ${result.nodeMs.toFixed(0)} ms, vaxledger --help ${result.helpMs.toFixed(0)} ms (medians of ${runs})`);
    } catch (error) {
      failure = (error as Error).message;
    }
  },
};

function render(_ctx: BenchContext): { markdown: string; verdicts: Verdict[] } {
  const r = result;
  const ratio = r ? r.helpMs / r.nodeMs : null;
  const markdown = [
    '## 10. CLI start time',
    '',
    r
      ? `\`node packages/cli/bin/vaxledger.js --help\` (the built dist/, as \`npx vaxledger\` runs it) against an empty \`node -e 0\`, ` +
        `${r.runs} runs of each, interleaved, median wall time from spawn to exit.`
      : `Not measured${failure ? `: ${failure}` : ''}.`,
    '',
    markdownTable(['process', 'median ms'], r ? [['node -e 0', fmtNumber(r.nodeMs)], ['vaxledger --help', fmtNumber(r.helpMs)], ['ratio', fmtRatio(ratio)]] : [], ['l', 'r']),
  ].join('\n');
  return {
    markdown,
    verdicts: [{
      what: 'CLI start: vaxledger --help × node -e 0 (medians)', target: `≤ ${TARGET_RATIO}×`,
      figure: r ? `${fmtRatio(ratio)} (${fmtNumber(r.helpMs)} ms vs ${fmtNumber(r.nodeMs)} ms)` : (failure ?? 'not measured'),
      pass: ratio === null ? false : ratio <= TARGET_RATIO,
    }],
  };
}
