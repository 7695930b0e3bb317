import { scenarioResidentId, tenantPairArb, type Scenario } from '@vaxledger/domain/testing';
import type { Engine } from '@vaxledger/application';
import type { OplogEntry } from '@vaxledger/projections';
import { japanToday, outcomeOf, TENANT_A, TENANT_B, withHost, type KitHost } from './host.ts';
import { newReplayState, replayScenario } from './replay.ts';
import { fail, runProperty, Tally } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

/** A resident of tenant A's alone. */
const A_ONLY = '005001';

/** Everything tenant B's administrator can read, as text to compare (ledgers, extraction, statistics, log). */
interface Reads {
  readonly ledgers: Map<string, string>;
  readonly extraction: string;
  readonly statistics: string;
  /** The requests (開示等の請求) and the suspense queue (保留), by what does not depend on when they were made. */
  readonly queues: string;
  readonly log: OplogEntry[];
}

async function readQueues(host: KitHost, engine: Engine): Promise<string> {
  const requests = await host.admin(engine, 'disclosure').requests();
  const suspense = await host.admin(engine, 'registration').suspense({ status: 'all' });
  return JSON.stringify([requests.map((r) => `${r.residentId}/${r.kind}/${r.status}`).sort(), suspense.map((d) => `${d.status}/${d.reason}/${d.line}`).sort()]);
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
  const queues = await readQueues(host, engine);
  const log = await host.admin(engine, 'audit').operationLog();
  tally.add('B reads compared', ledgers.size * 2 + 5);
  return { ledgers, extraction: JSON.stringify(rows), statistics: JSON.stringify(statistics), queues, log };
}

/**
 * What of B's reads does not depend on when or in which store B acted (no record ids, no instants): its extraction,
 * its statistics, each ledger's vaccinations by their status and items, its requests and suspense queue.
 */
async function readAggregates(host: KitHost, engine: Engine, scenario: Scenario): Promise<{ extraction: string; statistics: string; ledgers: string; queues: string }> {
  const ledgers: string[] = [];
  for (let i = 0; i < scenario.residents.length; i++) {
    const view = await outcomeOf(() => host.admin(engine, 'registration').viewLedger(scenarioResidentId(i)));
    ledgers.push(view.kind === 'ok' ? view.value.records.map((r) => `${r.status}:${JSON.stringify(r.fields)}`).sort().join(',') : view.kind);
  }
  const rows = await host.admin(engine, 'notices').eligible({ vaccine: 'hib', dose: 2, date: japanToday(engine), statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] });
  const statistics = await host.admin(engine, 'statistics').statistics(2025);
  return { extraction: JSON.stringify(rows), statistics: JSON.stringify(statistics), ledgers: ledgers.join('\n'), queues: await readQueues(host, engine) };
}

/** A log entry as compared: the read entries B's own reads leave are told apart by their position. */
const entryText = (e: OplogEntry) => JSON.stringify(e);

/**
 * tenants-isolated: two municipalities in one store with the same resident ids, each with vaccinations. Tenant B's
 * reads in the shared store (its ledgers, extraction, statistics, requests and suspense queue, read first after half of
 * A's scenario, a resident only A has and an extraction of A's are in the store) equal B's in a store of its own; B's every read (each ledger now and as of an instant, the extraction, the
 * statistics, the requests, the suspense queue, the log) is the same before and after the rest of tenant A's scenario (its imports, notices and erasure
 * included); B's log never holds A's entries; and B's reads were of something (B's log not empty, B's ledgers with
 * vaccinations).
 */
export function tenantsAreIsolated(o: KitOptions): Promise<PropertyResult> {
  const minimums = { 'A steps ok': 10, 'B ledgers with vaccinations read': 1, 'B log entries compared': 1, 'B reads compared': 1, 'B reads compared with B alone': 1 };
  return runProperty('tenants-isolated', o, 2, tenantPairArb(TENANT_A, TENANT_B, { extraSteps: 3 }), ([scenarioA, scenarioB], tally) => withHost(o, async (host) => {
    // B alone, in a store of its own: what B's reads must show, whoever else the store holds.
    const alone = await host.open(TENANT_B, {});
    await replayScenario(host, alone, scenarioB, new Tally());
    const own = await readAggregates(host, alone, scenarioB);
    const shared = {};
    const a = await host.open(TENANT_A, shared);
    const b = await host.open(TENANT_B, shared);
    // Half of A's scenario first: B's first reads (whatever they build and keep, an index or a snapshot) meet A's data.
    const state = newReplayState();
    const half = Math.ceil(scenarioA.steps.length / 2);
    const first = await replayScenario(host, a, scenarioA, tally, { from: 0, to: half, state });
    // A resident only A has (the scenarios share their ids), and an extraction of A's: what A's reads build or keep
    // (an index, a snapshot) then holds someone B's reads would show if they started from it.
    await host.admin(a, 'registration').registerResident(A_ONLY, { ...scenarioA.residents[0]!, birthDate: '2024-04-01' });
    await host.admin(a, 'notices').eligible({ vaccine: 'hib', dose: 2, date: japanToday(a) });
    await replayScenario(host, b, scenarioB, tally);
    const sharing = await readAggregates(host, b, scenarioB);
    if (sharing.ledgers !== own.ledgers) fail("tenant B's ledgers in a store shared with tenant A differ from B's in a store of its own (resident ids are shared)");
    if (sharing.extraction !== own.extraction) fail("tenant B's extraction in a store shared with tenant A differs from B's in a store of its own");
    if (sharing.statistics !== own.statistics) fail("tenant B's statistics in a store shared with tenant A differ from B's in a store of its own");
    if (sharing.queues !== own.queues) fail("tenant B's requests or suspense queue in a store shared with tenant A differ from B's in a store of its own");
    tally.add('B reads compared with B alone', 4);
    const before = await readEverything(host, b, scenarioB, tally);
    const lastBefore = before.log.at(-1)?.position ?? 0;
    const rest = await replayScenario(host, a, scenarioA, tally, { from: half, to: scenarioA.steps.length, state });
    tally.add('A steps ok', [...first.values(), ...rest.values()].reduce((x, y) => x + y, 0));
    const after = await readEverything(host, b, scenarioB, tally);
    for (const [id, text] of before.ledgers) if (after.ledgers.get(id) !== text) fail(`tenant B's ledger of a resident changed when tenant A acted (resident ids are shared)`);
    if (after.extraction !== before.extraction) fail("tenant B's extraction changed when tenant A acted");
    if (after.statistics !== before.statistics) fail("tenant B's statistics changed when tenant A acted");
    if (after.queues !== before.queues) fail("tenant B's requests or suspense queue changed when tenant A acted");
    if (before.log.length === 0) fail("tenant B's log is empty after its scenario");
    const kept = after.log.filter((e) => e.position <= lastBefore);
    if (kept.map(entryText).join('\n') !== before.log.map(entryText).join('\n')) fail("tenant B's log up to its first reading changed when tenant A acted");
    const since = after.log.filter((e) => e.position > lastBefore);
    if (since.some((e) => e.action !== 'ledger.view' && e.action !== 'eligibility.view' && e.action !== 'statistics.view' && e.action !== 'oplog.view' && e.action !== 'request.list' && e.action !== 'suspense.view')) {
      fail("tenant B's log holds entries it did not make (tenant A's activity)");
    }
    if (after.log.some((e) => e.tenant !== TENANT_B)) fail("tenant B's log holds another tenant's entries");
    tally.add('B log entries compared', before.log.length);
  }), minimums);
}
