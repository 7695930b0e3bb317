/**
 * `npm run bench`: measures vaxledger against the raw SQLite floor and the Emmett SQLite event store, and writes
 * bench/results.md. BENCH_QUICK=1 runs a smoke version (seconds, figures meaningless; report in bench/.work/).
 * BENCH_SUITES=append,read-all picks suites; BENCH_PEERS=skip leaves Emmett out; BENCH_OUT=path moves the report.
 * Workload suites (dose-check, eligibility, registry-import, slip-import, rebuild) run in child processes with a time
 * cap each (bench/lib/isolate.ts); BENCH_FULL=1 runs the rebuild on 10M events instead of extrapolating.
 * No assertions: a figure that misses its target is reported, never thrown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, relative } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig, REPO_ROOT } from './lib/config.ts';
import type { BenchContext, Measurement, Suite, Verdict } from './lib/context.ts';
import { machineFacts } from './lib/machine.ts';
import { fmtNumber, markdownTable, passMiss } from './lib/markdown.ts';
import { processPeakRssMb } from './lib/memory.ts';
import { loadEmmett } from './lib/peers.ts';
import { nowMs } from './lib/timing.ts';
import { cleanWorkDir } from './lib/workdir.ts';
import { appendSuite } from './suites/append.ts';
import { concurrentSuite } from './suites/concurrent.ts';
import { emmettSuite } from './suites/emmett.ts';
import { readAllSuite } from './suites/read-all.ts';
import { doseCheckSuite } from './suites/dose-check.ts';
import { eligibilitySuite } from './suites/eligibility.ts';
import { registryImportSuite } from './suites/registry-import.ts';
import { slipImportSuite } from './suites/slip-import.ts';
import { rebuildSuite } from './suites/rebuild.ts';
import { cliStartSuite } from './suites/cli-start.ts';

/** In order. Emmett takes part in the others' races when it is installed; its own suite reports on the peer. */
const SUITES: readonly Suite[] = [appendSuite, concurrentSuite, readAllSuite, emmettSuite, doseCheckSuite, eligibilitySuite, registryImportSuite, slipImportSuite, rebuildSuite, cliStartSuite];

async function main(): Promise<void> {
  const started = nowMs();
  const loadAtStart = loadavg();
  const config = loadConfig();
  // process.stdout, not console.log: Emmett's console.log is muted while it runs.
  const log = (m: string) => void process.stdout.write(`[bench ${((nowMs() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
  const only = process.env.BENCH_SUITES?.split(',').map((s) => s.trim()).filter(Boolean);
  const suites = only ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
  log(`${config.quick ? 'QUICK smoke run' : 'full run'}: ${suites.map((s) => s.name).join(', ')}`);

  const emmett = await loadEmmett(config, log);
  log(emmett.available ? `Emmett: ${emmett.versions} (${emmett.installNote})` : `Emmett unavailable: ${emmett.reason}`);

  const ctx: BenchContext = {
    config, emmett, log, measurements: new Map(), sections: [], notes: [],
    record(m: Measurement) {
      this.measurements.set(m.id, m);
      return m;
    },
  };
  const suiteFailures: string[] = [];
  try {
    for (const suite of suites) {
      const t0 = nowMs();
      try {
        await suite.run(ctx);
      } catch (error) {
        // A broken suite is reported; the others still run.
        const text = `suite ${suite.name} failed: ${(error as Error).stack ?? String(error)}`;
        suiteFailures.push(text);
        log(text);
      }
      log(`suite ${suite.name} done in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    cleanWorkDir();
  }

  const memDb = new Database(':memory:');
  const sqliteVersion = (memDb.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memDb.close();
  const facts = machineFacts(sqliteVersion);
  const verdicts: Verdict[] = [];
  const bodies: string[] = [];
  for (const s of [...ctx.sections].sort((a, b) => a.order - b.order)) {
    const r = s.render(ctx);
    bodies.push(r.markdown);
    verdicts.push(...(r.verdicts ?? []));
  }
  const totalSeconds = (nowMs() - started) / 1000;
  const report = [
    `# vaxledger benchmark results${config.quick ? ' (QUICK smoke run — figures are not meaningful)' : ''}`,
    '',
    `Written by \`npm run bench\` (bench/run.ts); overwritten on every run. Targets: shared DESIGN.md, "Performance targets".`,
    '',
    '## Machine',
    '',
    markdownTable(['fact', 'value'], [
      ['date', facts.date],
      ['cpu', `${facts.cpuModel} × ${facts.cores} cores`],
      ['memory', `${facts.memoryGb} GB`],
      ['os', facts.os],
      ['node', facts.node],
      ['better-sqlite3 / SQLite', `${facts.betterSqlite3} / ${facts.sqlite}`],
      ['Emmett peer', emmett.available ? `${emmett.versions} (${emmett.installNote})` : `unavailable — ${emmett.reason}`],
      ['load average (1/5/15 min) at start → end', `${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} → ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (other work on this machine skews absolute figures; the stores run interleaved so that ratios hold)`],
      ['bench', `${config.quick ? 'BENCH_QUICK=1' : 'full'}; ${fmtNumber(totalSeconds)} s in all; process peak RSS ${fmtNumber(processPeakRssMb())} MB`],
    ]),
    '',
    '## Targets',
    '',
    markdownTable(['measurement', 'target', 'figure', 'result'], verdicts.map((v) => [v.what, v.target, v.figure, passMiss(v.pass)])),
    '',
    ...bodies.flatMap((b) => [b, '']),
    ...(suiteFailures.length > 0 ? ['## Suite failures', '', ...suiteFailures.map((f) => `- ${f.split('\n')[0]}`), ''] : []),
  ].join('\n');
  mkdirSync(dirname(config.outFile), { recursive: true });
  writeFileSync(config.outFile, report);
  log(`wrote ${relative(REPO_ROOT, config.outFile)} in ${totalSeconds.toFixed(0)} s`);
  for (const v of verdicts) log(`${passMiss(v.pass).padEnd(4)} ${v.what}: ${v.figure} (target ${v.target})`);
}

main().catch((error) => {
  console.error(error);
  cleanWorkDir();
  process.exitCode = 1;
});
