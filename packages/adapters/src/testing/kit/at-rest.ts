import type { Scenario } from '@vaxledger/domain/testing';
import { scenarioArb } from '@vaxledger/domain/testing';
import { TENANT_A, withHost } from './host.ts';
import { replayScenario } from './replay.ts';
import { filesAtRest, hasFilesAtRest, NO_DATA_AT_REST, itemsFound, personalItemsOf, vaccinationItemsOf, type PersonalItem } from './files-at-rest.ts';
import { cannotRun, fail, runProperty, type Tally } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

/** Every personal item a scenario put into the store: registry items, changed addresses, vaccination dates and lots. */
export function scenarioItems(scenario: Scenario): PersonalItem[] {
  const items = scenario.residents.flatMap(personalItemsOf);
  for (const step of scenario.steps) {
    if (step.kind === 'record') items.push(...vaccinationItemsOf([step]));
    if (step.kind === 'correct') items.push({ what: 'lot', text: step.lot });
    if (step.kind === 'change') items.push({ what: 'address', text: step.address });
  }
  return items;
}

export function scanFiles(o: KitOptions, engine: Parameters<typeof filesAtRest>[1], items: readonly PersonalItem[], tally: Tally, when: string): void {
  const files = filesAtRest(o, engine);
  const names = Object.keys(files);
  if (names.length === 0) fail(`the data folder holds no file ${when}: nothing could be read at rest`);
  tally.add('files scanned', names.length);
  tally.add('bytes scanned', Object.values(files).reduce((n, b) => n + b.length, 0));
  tally.add('items looked for', items.length);
  const found = itemsFound(files, items);
  if (found.length > 0) fail(`personal items are at rest in clear ${when}: ${found.slice(0, 5).join('; ')}`);
}

/**
 * nothing-at-rest: after a scenario of every kind of step, no personal item of anyone (names, address, birth date,
 * sex, ward, vaccination dates and lots) is in any file of the host's data folder, in UTF-8, UTF-16LE or CP932 —
 * with the engine open, and again after the host's store is closed and opened afresh.
 */
export function nothingAtRest(o: KitOptions): Promise<PropertyResult> {
  if (!hasFilesAtRest(o)) return Promise.resolve(cannotRun('nothing-at-rest', NO_DATA_AT_REST));
  if (!o.reopen) return Promise.resolve(cannotRun('nothing-at-rest', 'no reopen hook given: the files must be read after a fresh open of the store'));
  const minimums = { 'files scanned': 2, 'items looked for': 1, 'record ok': 1, 'reopens': 1 };
  return runProperty('nothing-at-rest', o, 3, scenarioArb(TENANT_A, { extraSteps: 4 }), (scenario, tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    await replayScenario(host, engine, scenario, tally);
    const items = scenarioItems(scenario);
    tally.add('vaccination items looked for', items.filter((i) => i.what === 'lot' || i.what === 'vaccination date').length);
    scanFiles(o, engine, items, tally, 'with the engine open');
    const again = await host.reopen(engine);
    tally.add('reopens');
    await again.catchUp();
    scanFiles(o, again, items, tally, 'after a fresh open');
  }), minimums);
}
