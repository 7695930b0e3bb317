import fc from 'fast-check';
import { letterItemsFor, type Purpose } from '@vaxledger/domain';
import { scenarioArb, scenarioResidentId } from '@vaxledger/domain/testing';
import type { Engine, Session } from '@vaxledger/application';
import { eventsAfter, headOf, TENANT_A, withHost, type KitHost } from './host.ts';
import { replayScenario } from './replay.ts';
import { fail, runProperty, type Tally } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

/** What a read returned, as its log entry must describe it. */
interface Shown {
  readonly items: readonly string[];
  /** How many rows, records or entries it returned (undefined: a stream, not counted ahead). */
  readonly count?: number;
  readonly resident?: string;
}

interface ReadPath {
  readonly name: string;
  readonly action: string;
  readonly purpose: Purpose;
  readonly read: (s: Session, engine: Engine) => Promise<Shown>;
}

const keysOf = (rows: readonly object[]) => [...new Set(rows.flatMap((r) => Object.keys(r)))];

function subsetOf(shown: readonly string[], logged: readonly string[], what: string): void {
  const extra = shown.filter((k) => !logged.includes(k));
  if (extra.length > 0) fail(`${what} returned items its log entry does not name: ${extra.join(', ')}`);
}

/** The read paths of the host's API, each with what it returned (items, count, resident) worked out from the value. */
function readPaths(resident: string, ledgerPurpose: Purpose, requestId: string | undefined): ReadPath[] {
  const ledger = (asOf?: string) => async (s: Session): Promise<Shown> => {
    const view = await s.viewLedger(resident, asOf ? { asOf } : {});
    subsetOf(Object.keys(view.resident).filter((k) => k !== 'status' && k !== 'addressWithheld'), view.items, 'viewLedger');
    if (view.records.length > 0 && !view.items.includes('vaccinations')) fail('viewLedger returned vaccinations its log entry does not name');
    return { items: view.items, resident };
  };
  return [
    { name: 'viewLedger', action: 'ledger.view', purpose: ledgerPurpose, read: ledger() },
    { name: 'viewLedger asOf', action: 'ledger.view', purpose: ledgerPurpose, read: ledger(new Date(Date.now() + 60_000).toISOString()) },
    {
      name: 'ledgerAsOf', action: 'ledger.view', purpose: ledgerPurpose, read: async (s) => {
        const doc = await s.ledgerAsOf(resident, { instant: new Date(Date.now() + 60_000).toISOString() });
        return { items: doc ? ['residentId', 'vaccinations'] : ['residentId'], count: doc?.records.length ?? 0, resident };
      },
    },
    {
      // `earliest` and `noMail` are the window's start and the 送付除外 flag, which the entry's `window` and `status` cover.
      name: 'eligible', action: 'eligibility.view', purpose: 'notices', read: async (s, engine) => {
        const rows = await s.eligible({ vaccine: 'hib', dose: 2, date: new Date(engine.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10), statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] });
        const items = ['residentId', 'status', 'window', 'wardCode'];
        subsetOf(keysOf(rows).filter((k) => k !== 'earliest' && k !== 'noMail'), items, 'eligible');
        return { items, count: rows.length };
      },
    },
    { name: 'statistics', action: 'statistics.view', purpose: 'statistics', read: async (s) => { const r = await s.statistics(2025); return { items: ['aggregateCounts'], count: r.doses.length + r.coverage.length }; } },
    { name: 'operationLog', action: 'oplog.view', purpose: 'audit', read: async (s) => ({ items: ['operationLog'], count: (await s.operationLog()).length }) },
    { name: 'operationLog of a resident', action: 'oplog.view', purpose: 'audit', read: async (s) => ({ items: ['operationLog'], count: (await s.operationLog({ resident })).length, resident }) },
    {
      name: 'operationLogEntries', action: 'oplog.view', purpose: 'audit', read: async (s) => {
        for await (const _ of s.operationLogEntries()) void _;
        return { items: ['operationLog'] };
      },
    },
    { name: 'suspense', action: 'suspense.view', purpose: 'registration', read: async (s) => ({ items: ['slip', 'reason'], count: (await s.suspense({ status: 'all' })).length }) },
    { name: 'clinics', action: 'clinic.view', purpose: 'registration', read: async (s) => ({ items: ['clinicNo', 'name', 'location', 'registeredOn'], count: (await s.clinics()).length }) },
    { name: 'requests', action: 'request.list', purpose: 'disclosure', read: async (s) => ({ items: ['requestId', 'kind', 'residentId', 'deadline', 'status'], count: (await s.requests()).length }) },
    {
      name: 'reliefCases', action: 'relief.list', purpose: 'relief', read: async (s) => {
        const items = ['caseId', 'residentId', 'recordId', 'vaccine', 'reliefClass', 'benefit', 'receivedOn', 'identityDocument', 'earlierCaseIds', 'status', 'forwardedOn', 'decision', 'notifiedOn', 'payments'];
        const cases = await s.reliefCases();
        subsetOf(keysOf(cases), items, 'reliefCases');
        return { items, count: cases.length };
      },
    },
    {
      name: 'letters', action: 'letter.list', purpose: 'registration', read: async (s) => {
        const items = letterItemsFor('registration');
        const letters = await s.letters();
        subsetOf(keysOf(letters), items, 'letters');
        return { items, count: letters.length };
      },
    },
    { name: 'operatorReview', action: 'operator.review', purpose: 'administration', read: async (s) => ({ items: ['operatorId', 'roles', 'purposes', 'status', 'lastActedAt'], count: (await s.operatorReview()).length }) },
    { name: 'contractors', action: 'contractor.view', purpose: 'administration', read: async (s) => ({ items: ['contractorId', 'name', 'contractRef', 'until', 'endedOn', 'fingerprint'], count: (await s.contractors()).length }) },
    { name: 'provisions', action: 'provisions.view', purpose: 'audit', read: async (s) => ({ items: ['residentId', 'provisions'], count: (await s.provisions(resident)).provisions.length, resident }) },
    {
      // `hasIntegratedAddresseeNo` says whether an inquiry can be sent; the number itself is never shown.
      name: 'transferPending', action: 'transfer.view', purpose: 'linkage', read: async (s) => {
        const rows = await s.transferPending();
        const items = ['residentId', 'movedInOn', 'fromMunicipality'];
        subsetOf(keysOf(rows).filter((k) => k !== 'hasIntegratedAddresseeNo'), items, 'transferPending');
        return { items, count: rows.length };
      },
    },
    { name: 'findCopyExport', action: 'copies.verify', purpose: 'linkage', read: async (s) => ({ items: ['exportId'], count: (await s.findCopyExport(new Uint8Array([0x6b]))) === null ? 0 : 1 }) },
    ...(requestId === undefined ? [] : [{
      name: 'disclose', action: 'disclosure.export', purpose: 'disclosure' as Purpose, read: async (s: Session): Promise<Shown> => {
        const d = await s.disclose(requestId);
        return { items: [], count: d.operationLog.length, resident: d.residentId };
      },
    }]),
  ];
}

/** Takes one read path and checks the one entry it left against what it returned. */
async function takeReadPath(host: KitHost, engine: Engine, path: ReadPath, tally: Tally): Promise<void> {
  const before = await headOf(engine);
  const shown = await path.read(host.admin(engine, path.purpose), engine);
  const left = await eventsAfter(engine, before);
  if (left.length !== 1 || left[0]!.type !== 'RecordViewed') fail(`${path.name} left ${left.length} entries (${[...new Set(left.map((e) => e.type))].join(', ') || 'none'}), not one read entry`);
  const data = left[0]!.data as { action: string; items: string[]; residentId?: string; count?: number };
  if (data.action !== path.action) fail(`${path.name} is logged as ${data.action}, not ${path.action}`);
  // The disclosure export's items are the person's, worked out by the engine: the entry must name some.
  if (path.name === 'disclose' ? data.items.length === 0 : [...data.items].sort().join() !== [...shown.items].sort().join()) {
    fail(`${path.name} is logged with items ${data.items.join('+') || '(none)'}, it showed ${shown.items.join('+')}`);
  }
  if (shown.count !== undefined && data.count !== shown.count) fail(`${path.name} is logged with count ${data.count}, it returned ${shown.count}`);
  if (shown.resident !== undefined && data.residentId !== shown.resident) fail(`${path.name} is logged about another resident than it showed`);
  tally.add(`read: ${path.name}`);
  tally.add('entries checked');
}

const LEDGER_PURPOSES: Purpose[] = ['registration', 'inquiry', 'linkage'];

/**
 * reads-logged: after a scenario of every kind of step, every public read path (viewLedger now and as of an instant,
 * ledgerAsOf, eligible, statistics, operationLog whole and of a resident, operationLogEntries, suspense, requests,
 * reliefCases, letters, operatorReview, contractors, provisions, transferPending, findCopyExport, disclose) leaves
 * exactly one entry whose action, items, count and resident are
 * what it returned. Each path must have been taken, and a ledger must have shown vaccinations.
 */
export function readsAreLogged(o: KitOptions): Promise<PropertyResult> {
  const names = readPaths('x', 'inquiry', 'r').map((p) => p.name);
  const minimums = Object.fromEntries([...names.map((n) => [`read: ${n}`, 1]), ['vaccinations shown', 1]]);
  const arb = fc.tuple(scenarioArb(TENANT_A, { extraSteps: 3 }), fc.constantFrom(...LEDGER_PURPOSES), fc.integer({ min: 0, max: 3 }));
  return runProperty('reads-logged', o, 3, arb, ([scenario, purpose, who], tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    await replayScenario(host, engine, scenario, tally);
    const disclosure = (await host.admin(engine, 'disclosure').requests()).find((r) => r.kind === 'disclosure' && r.status === 'decided');
    // Resident 3 is erased by the scenario: take another (0 to 2), or resident 0 when `who` names the erased one.
    const resident = scenarioResidentId(who === 3 ? 0 : who);
    for (const path of readPaths(resident, purpose, disclosure?.requestId)) await takeReadPath(host, engine, path, tally);
    const view = await host.admin(engine, 'registration').viewLedger(resident);
    if (view.records.length > 0) tally.add('vaccinations shown');
  }), minimums);
}
