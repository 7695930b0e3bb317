import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { SCENARIO_STEP_KINDS, scenarioArb } from '@vaxledger/domain/testing';
import { ALL_PROJECTIONS, MemoryProjectionStore, ProjectionRunner, type ProjectionStore } from '@vaxledger/projections';
import type { Engine } from '@vaxledger/application';
import { TENANT_A, withHost } from './host.ts';
import { replayScenario } from './replay.ts';
import { fail, runProperty } from './tally.ts';
import { dataFolderOf } from './files-at-rest.ts';
import type { KitOptions, PropertyResult } from './types.ts';

/** A document as text with its keys sorted at every level: the same in this process and the child (its source is sent there). */
function canonicalText(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonicalText).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canonicalText(o[k])).join(',') + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

/** Every projection document, by projection and key, as canonical text. */
async function docsOf(store: ProjectionStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of ALL_PROJECTIONS) for await (const d of store.scan(p.name)) out.set(`${p.name}:${d.key}`, canonicalText(d.doc));
  return out;
}

/** Which documents differ (by projection and count: the keys and contents may be personal). */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const byProjection = new Map<string, number>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) byProjection.set(key.split(':')[0]!, (byProjection.get(key.split(':')[0]!) ?? 0) + 1);
  }
  return [...byProjection].map(([p, n]) => `${p} (${n} documents)`);
}

/** One digest of every projection document: what the child process's rebuild is compared by. */
export function digestOf(docs: Map<string, string>): string {
  const hash = createHash('sha256');
  for (const key of [...docs.keys()].sort()) hash.update(`${key}\n${docs.get(key)}\n`);
  return hash.digest('hex');
}

/**
 * The child's script: imports the host's module, opens its engine on the location given, rebuilds the projections
 * from zero there and prints their digest (canonicalText's form, its source sent along).
 */
const CHILD_SCRIPT = `
import { createHash } from 'node:crypto';
const [moduleUrl, exportName, tenant, location, projectionsJson] = process.argv.slice(1);
${canonicalText.toString()}
const open = (await import(moduleUrl))[exportName];
const engine = await open(tenant, location);
try {
  await engine.rebuildProjections();
  const docs = new Map();
  for (const name of JSON.parse(projectionsJson)) for await (const d of engine.projectionStore.scan(name)) docs.set(name + ':' + d.key, canonicalText(d.doc));
  const hash = createHash('sha256');
  for (const key of [...docs.keys()].sort()) hash.update(key + '\\n' + docs.get(key) + '\\n');
  const report = await engine.verify();
  process.stdout.write(JSON.stringify({ digest: hash.digest('hex'), verified: report.ok, tz: Intl.DateTimeFormat().resolvedOptions().timeZone }));
} finally {
  await engine.close();
}
`;

/** Another time zone and locale than Japan's, and than most CI machines': Kiribati (UTC+14) and Turkish (its İ and ı). */
export const CHILD_ENV = { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' };

async function rebuildInChild(o: KitOptions, tenant: string, location: string): Promise<{ digest: string; verified: boolean; tz: string }> {
  const spec = o.rebuildProcess!;
  const moduleUrl = pathToFileURL(isAbsolute(spec.module) ? spec.module : resolve(spec.module)).href;
  const args = ['--input-type=module', '-e', CHILD_SCRIPT, moduleUrl, spec.export ?? 'openEngine', tenant, location, JSON.stringify(ALL_PROJECTIONS.map((p) => p.name))];
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...CHILD_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the rebuild process exited with ${code}: ${err.split('\n').slice(0, 3).join(' ')}`));
      else done(JSON.parse(out) as { digest: string; verified: boolean; tz: string });
    });
  });
}

async function compareRebuild(engine: Engine): Promise<Map<string, string>> {
  const rebuilt = new MemoryProjectionStore();
  await new ProjectionRunner(engine.store, rebuilt, ALL_PROJECTIONS).rebuild();
  await engine.catchUp();
  const [fresh, live] = [await docsOf(rebuilt), await docsOf(engine.projectionStore)];
  const differ = differences(fresh, live);
  if (differ.length > 0) fail(`the projections rebuilt from zero differ from the live ones: ${differ.join(', ')}`);
  return live;
}

/**
 * rebuild: after a scenario of every kind of step, the projections rebuilt from zero equal the live ones and the
 * store verifies; with `rebuildProcess`, a separate process under another TZ and LANG rebuilds them too, equal again.
 * Every kind of step must have succeeded at least once over the runs, so that a step that always fails is caught.
 */
export function rebuildIsDeterministic(o: KitOptions): Promise<PropertyResult> {
  const minimums: Record<string, number> = Object.fromEntries(SCENARIO_STEP_KINDS.map((k) => [`${k} ok`, 1]));
  minimums['documents compared'] = 1;
  if (o.rebuildProcess) minimums['rebuilds in another process'] = 1;
  return runProperty('rebuild', o, 3, scenarioArb(TENANT_A), (scenario, tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    await replayScenario(host, engine, scenario, tally);
    const live = await compareRebuild(engine);
    tally.add('documents compared', live.size);
    if (!(await engine.verify()).ok) fail('verify fails after the scenario');
    if (o.rebuildProcess) {
      const location = dataFolderOf(o, engine);
      if (location === undefined) fail('rebuildProcess needs dataFolder: the child opens the engine at that location');
      await engine.close();
      const child = await rebuildInChild(o, TENANT_A, location!);
      if (child.digest !== digestOf(live)) fail(`the projections rebuilt in a process with TZ=${child.tz} and LANG=${CHILD_ENV.LANG} differ from the live ones`);
      if (!child.verified) fail(`verify fails in a process with TZ=${child.tz}`);
      tally.add('rebuilds in another process');
    }
  }), minimums);
}
