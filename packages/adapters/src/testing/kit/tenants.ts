import { scenarioResidentId, tenantPairArb, type Scenario } from '@vaxledger/domain/testing';
import type { Engine } from '@vaxledger/application';
import type { OplogEntry } from '@vaxledger/projections';
import { japanToday, outcomeOf, TENANT_A, TENANT_B, withHost, type KitHost } from './host.ts';
import { replayScenario } from './replay.ts';
import { fail, runProperty, type Tally } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

/** Everything tenant B's administrator can read, as text to compare (ledgers, extraction, statistics, log). */
interface Reads {
  readonly ledgers: Map<string, string>;
  readonly extraction: string;
  readonly statistics: string;
  readonly log: OplogEntry[];
}

async function readEverything(host: KitHost, engine: Engine, scenario: Scenario, tally: Tally): Promise<Reads> {
  const ledgers = new Map<string, string>();
  for (let i = 0; i < scenario.residents.length; i++) {
    const id = scenarioResidentId(i);
    const view = await outcomeOf(() => host.admin(engine, 'registration').viewLedger(id));
    const past = await outcomeOf(() => host.admin(engine, 'registration').ledgerAsOf(id, { instant: '2999-01-01T00:00:00Z' }));
    ledgers.set(id, JSON.stringify([view.kind === 'ok' ? view.value : view.kind, past.kind === 'ok' ? past.value ?? null : past.kind]));
    if (view.kind === 'ok' && view.value.records.length > 0) tally.add('B ledgers with vaccinations read');
  }
  const rows = await host.admin(engine, 'notices').eligible({ vaccine: 'hib', dose: 2, date: japanToday(engine), statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] });
  const statistics = await host.admin(engine, 'statistics').statistics(2025);
  const log = await host.admin(engine, 'audit').operationLog();
  tally.add('B reads compared', ledgers.size * 2 + 3);
  return { ledgers, extraction: JSON.stringify(rows), statistics: JSON.stringify(statistics), log };
}

/** A log entry as compared: the read entries B's own reads leave are told apart by their position. */
const entryText = (e: OplogEntry) => JSON.stringify(e);

/**
 * tenants-isolated: two municipalities in one store with the same resident ids, each with vaccinations. Tenant B's
 * every read (each ledger now and as of an instant, the extraction, the statistics, the log) is the same before and
 * after tenant A's whole scenario (its imports, notices and erasure included); B's log never holds A's entries; and
 * B's reads were of something (B's log not empty, B's ledgers with vaccinations).
 */
export function tenantsAreIsolated(o: KitOptions): Promise<PropertyResult> {
  const minimums = { 'A steps ok': 10, 'B ledgers with vaccinations read': 1, 'B log entries compared': 1, 'B reads compared': 1 };
  return runProperty('tenants-isolated', o, 2, tenantPairArb(TENANT_A, TENANT_B, { extraSteps: 3 }), ([scenarioA, scenarioB], tally) => withHost(o, async (host) => {
    const shared = {};
    const a = await host.open(TENANT_A, shared);
    const b = await host.open(TENANT_B, shared);
    await replayScenario(host, b, scenarioB, tally);
    const before = await readEverything(host, b, scenarioB, tally);
    const lastBefore = before.log.at(-1)?.position ?? 0;
    const succeeded = await replayScenario(host, a, scenarioA, tally);
    tally.add('A steps ok', [...succeeded.values()].reduce((x, y) => x + y, 0));
    const after = await readEverything(host, b, scenarioB, tally);
    for (const [id, text] of before.ledgers) if (after.ledgers.get(id) !== text) fail(`tenant B's ledger of a resident changed when tenant A acted (resident ids are shared)`);
    if (after.extraction !== before.extraction) fail("tenant B's extraction changed when tenant A acted");
    if (after.statistics !== before.statistics) fail("tenant B's statistics changed when tenant A acted");
    if (before.log.length === 0) fail("tenant B's log is empty after its scenario");
    const kept = after.log.filter((e) => e.position <= lastBefore);
    if (kept.map(entryText).join('\n') !== before.log.map(entryText).join('\n')) fail("tenant B's log up to its first reading changed when tenant A acted");
    const since = after.log.filter((e) => e.position > lastBefore);
    if (since.some((e) => e.action !== 'ledger.view' && e.action !== 'eligibility.view' && e.action !== 'statistics.view' && e.action !== 'oplog.view')) {
      fail("tenant B's log holds entries it did not make (tenant A's activity)");
    }
    if (after.log.some((e) => e.tenant !== TENANT_B)) fail("tenant B's log holds another tenant's entries");
    tally.add('B log entries compared', before.log.length);
  }), minimums);
}
