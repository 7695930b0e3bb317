import { describe, expect, it } from 'vitest';
import { ComplianceKitFailed, formatKitReport, KIT_PROPERTIES, PROPERTY_NAMES, runComplianceKit, type KitOptions, type KitReport, type PropertyName } from '@vaxledger/adapters/testing';
import { tempDir } from '../support/temp.ts';
import { REPO_ROOT } from '../support/child.ts';
import { esdbHost, hostVouches, memoryHost, sqliteHost } from './hosts/healthy-hosts.ts';
import { join } from 'node:path';

// What a host application writes to run the compliance kit against its configuration: its factory and hooks (see
// ./hosts/healthy-hosts.ts), then runComplianceKit. The same seed on every host: the same cases, so the same counts.
const SEED = 22;
const dir = tempDir();

/** The report, whether the kit passed or threw its failure. */
async function reportOf(o: KitOptions, only?: readonly PropertyName[]): Promise<KitReport> {
  try {
    return await runComplianceKit(o, only ? { only } : {});
  } catch (error) {
    if (error instanceof ComplianceKitFailed) return error.report;
    throw error;
  }
}

/** The counts of cases a property ran, without those of files (each host keeps its own files) or a child process. */
function caseCounts(report: KitReport, names: readonly PropertyName[]) {
  return Object.fromEntries(report.properties.filter((p) => names.includes(p.name)).map((p) => [
    p.name, Object.fromEntries(Object.entries(p.exercised).filter(([k]) => !/files|bytes|another process/.test(k)).sort()),
  ]));
}

const reports = new Map<string, KitReport>();

describe('the compliance kit (@vaxledger/adapters/testing), run as a host would', () => {
  it('passes on the embedded SQLite store, files at rest and a rebuild in another process (TZ, LANG) included', async () => {
    const started = Date.now();
    const report = await runComplianceKit({
      ...sqliteHost(join(dir, 'sqlite')), numRuns: 1, seed: SEED,
      rebuildProcess: { module: join(REPO_ROOT, 'test/compliance/hosts/open-sqlite-host.mjs') },
    });
    expect(report.passed, formatKitReport(report)).toBe(true);
    expect(report.properties.map((p) => p.name)).toEqual([...PROPERTY_NAMES]);
    expect(report.properties.find((p) => p.name === 'rebuild')!.exercised['rebuilds in another process']).toBe(1);
    reports.set('sqlite', report);
    console.log(`SQLite host: ${Date.now() - started} ms\n${formatKitReport(report)}`);
  }, 300_000);

  it('passes on the EventStoreDB store (over the double of the server), with the same case counts as on SQLite', async () => {
    const report = await runComplianceKit({ ...esdbHost(join(dir, 'esdb')), numRuns: 1, seed: SEED });
    expect(report.passed, formatKitReport(report)).toBe(true);
    reports.set('esdb', report);
    expect(caseCounts(report, PROPERTY_NAMES)).toEqual(caseCounts(reports.get('sqlite')!, PROPERTY_NAMES));
  }, 300_000);

  it('passes in memory (the store\'s held bytes read at rest), with the same case counts as on SQLite', async () => {
    const report = await reportOf({ ...memoryHost(), numRuns: 1, seed: SEED });
    expect(report.passed, formatKitReport(report)).toBe(true);
    expect(caseCounts(report, PROPERTY_NAMES)).toEqual(caseCounts(reports.get('sqlite')!, PROPERTY_NAMES));
    expect(report.properties.find((p) => p.name === 'nothing-at-rest')!.exercised['files scanned']).toBeGreaterThan(0);
  }, 300_000);

  it('fails the two properties that read what is kept, saying so, on a host that gives neither a data folder nor held bytes', async () => {
    const { heldBytes: _, ...blind } = memoryHost();
    const report = await reportOf({ ...blind, numRuns: 1, seed: SEED }, ['nothing-at-rest', 'erasure']);
    const failed = report.properties.filter((p) => !p.passed);
    expect(failed.map((p) => [p.name, p.runs, p.failure])).toEqual([
      ['nothing-at-rest', 0, expect.stringMatching(/^cannot run: no dataFolder \(or heldBytes.*given/)],
      ['erasure', 0, expect.stringMatching(/^cannot run: no dataFolder \(or heldBytes.*given/)],
    ]);
    expect(formatKitReport(report)).toContain('FAILED (nothing-at-rest, erasure)');
  }, 300_000);
});

// The hosts with one flaw each are the gallery's (./broken-hosts/, run by gallery.int.test.ts).
describe('the compliance kit on a host that says too little', () => {
  it('authentication: a host that says neither how it authenticates nor gives credentials fails, saying so; one that vouches passes', async () => {
    const { credentials: _, ...silent } = memoryHost();
    const result = await KIT_PROPERTIES.authentication({ ...silent, numRuns: 1 });
    expect([result.passed, result.runs, result.failure]).toEqual([false, 0, expect.stringContaining('no credentials hook given')]);
    const vouched = await KIT_PROPERTIES.authentication({ ...hostVouches(), numRuns: 1 });
    expect(vouched).toMatchObject({ passed: true, exercised: { 'denied and logged: unexpected-credentials': 1 } });
  }, 60_000);
});
