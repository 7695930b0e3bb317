import fc from 'fast-check';
import type { Engine } from '@vaxledger/application';
import { csvFileBytes, isoDateArb, residentDetailsArb, SLIP_FILE_HEADER } from '@vaxledger/domain/testing';
import { eventsAfter, japanToday, outcomeOf, TENANT_A, withHost, type KitHost } from './host.ts';
import { filesAtRest, hasFilesAtRest, NO_DATA_AT_REST, itemsFound, itemsShown, personalItemsOf, vaccinationItemsOf, type PersonalItem } from './files-at-rest.ts';
import { cannotRun, fail, runProperty, type Tally } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

const PERSON = '008001';
const NEIGHBOUR = '008002';

const lotArb = fc.stringMatching(/^[A-HJK][A-HJK0-9]{6}$/);
const caseArb = fc.record({
  person: residentDetailsArb.chain((d) => isoDateArb('2012-01-01', '2019-12-31').map((birthDate) => ({ ...d, birthDate }))),
  neighbour: residentDetailsArb.chain((d) => isoDateArb('2012-01-01', '2019-12-31').map((birthDate) => ({ ...d, birthDate }))),
  doses: fc.array(fc.record({ date: isoDateArb('2020-01-01', '2026-06-30'), lot: lotArb }), { minLength: 1, maxLength: 3 }),
  heldLot: lotArb,
});

/** What of the erased person a read shows: checks every read path the kit knows, counting each one taken. */
async function readPathsShow(host: KitHost, engine: Engine, items: readonly PersonalItem[], tally: Tally): Promise<string[]> {
  const shown: string[] = [];
  const look = async (name: string, call: () => Promise<unknown>) => {
    const outcome = await outcomeOf(call);
    if (outcome.kind === 'ok') for (const what of itemsShown(outcome.value, items)) shown.push(`${what} by ${name}`);
    tally.add(`erased person read by ${name}`);
  };
  await look('viewLedger', () => host.admin(engine, 'registration').viewLedger(PERSON));
  await look('ledgerAsOf', async () => {
    const doc = await host.admin(engine, 'registration').ledgerAsOf(PERSON, { instant: '2999-01-01T00:00:00Z' });
    if (doc && doc.records.length > 0) shown.push('vaccination records by ledgerAsOf');
    return doc;
  });
  await look('eligible', async () => {
    const rows = await host.admin(engine, 'notices').eligible({ vaccine: 'hib', dose: 2, date: japanToday(engine), statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] });
    if (rows.some((r) => r.residentId === PERSON)) shown.push('a row of the person by eligible');
    return rows;
  });
  await look('suspense', () => host.admin(engine, 'registration').suspense({ status: 'all' }));
  await look('requests', () => host.admin(engine, 'disclosure').requests());
  await look('letters', () => host.admin(engine, 'registration').letters());
  await look('operationLog', () => host.admin(engine, 'audit').operationLog({ resident: PERSON }));
  await look('statistics', () => host.admin(engine, 'statistics').statistics(2025));
  await look('the store', async () => {
    const events = await eventsAfter(engine, 0n);
    return events.map((e) => e.data);
  });
  return shown;
}

/**
 * erasure: a person with vaccinations, a held slip naming them, a request, a request letter, an extraction (its snapshot), statistics
 * and a notice run, then `erase`, then the host's store closed and opened again: no item of the person is in any file
 * (every encoding), and no read path shows any (the ledger, its replay, the extraction, the suspense queue, the
 * requests, the letters, the log, the statistics, the store's events) — while a neighbour's ledger still reads.
 */
export function erasureLeavesNothingReadable(o: KitOptions): Promise<PropertyResult> {
  if (!hasFilesAtRest(o)) return Promise.resolve(cannotRun('erasure', NO_DATA_AT_REST));
  if (!o.reopen) return Promise.resolve(cannotRun('erasure', 'no reopen hook given: erasure must hold after the store is opened again'));
  const minimums = { 'erasures': 1, 'vaccinations recorded': 1, 'held slips naming the person': 1, 'reopens': 1, 'files scanned': 1, 'neighbour ledgers still read': 1 };
  return runProperty('erasure', o, 3, caseArb, ({ person, neighbour, doses, heldLot }, tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    const clerk = host.admin(engine, 'registration');
    await clerk.registerResident(PERSON, person);
    await clerk.registerResident(NEIGHBOUR, neighbour);
    let vaccine = 0;
    for (const d of doses) {
      // Different vaccines: the same dose twice would be refused as a duplicate.
      await clerk.recordVaccination({ residentId: PERSON, vaccine: (['hib', 'pcv', 'hepb'] as const)[vaccine++]!, dose: 1, date: d.date, lot: d.lot, source: 'manual' });
      tally.add('vaccinations recorded');
    }
    await clerk.recordVaccination({ residentId: NEIGHBOUR, vaccine: 'bcg', dose: 1, date: '2020-05-01', lot: 'KIT0001', source: 'manual' });
    // A slip naming the person whose birth date does not match: held (疑義), with the person's name and the lot.
    const slip = csvFileBytes([[...SLIP_FILE_HEADER], [PERSON, person.kanaName, '2011-01-01', person.sex === 'male' ? '1' : '2', 'hib', '2', '2020-01-02', '0410001', heldLot, '0.5', '', 'D01', 'D02', '']]);
    const summary = await clerk.importSlips(slip, { fileName: 'kit-held.csv', encoding: 'utf-8' });
    if (summary.held > 0) tally.add('held slips naming the person', summary.held);
    await host.admin(engine, 'disclosure').lodgeRequest({ residentId: PERSON, kind: 'disclosure', receivedOn: japanToday(engine) });
    // A request letter whose stay (滞在先) is the person's own address: sealed, it must go with them.
    await clerk.lodgeLetter({ residentId: PERSON, vaccine: 'mr', dose: 1, stayAddress: person.address, reason: 'kit: 里帰り出産', clinicName: 'kit clinic' });
    await host.admin(engine, 'notices').eligible({ vaccine: 'hib', dose: 2, date: japanToday(engine) });
    await host.admin(engine, 'notices').issueNotices('reminder', { vaccine: 'hib', dose: 2, date: japanToday(engine) }, { again: 'kit' });
    await host.admin(engine, 'statistics').statistics(2025);
    // What the neighbour shares by chance (a birth date, a surname) is not the person's alone: it is not looked for.
    const neighbours = new Set([...personalItemsOf(neighbour).map((i) => i.text), '2020-05-01']);
    const items = [...personalItemsOf(person), ...vaccinationItemsOf(doses), { what: 'held slip lot', text: heldLot }].filter((i) => !neighbours.has(i.text));
    await host.admin(engine, 'administration').erase(PERSON, { reason: 'kit: erasure on request' });
    tally.add('erasures');
    const again = await host.reopen(engine);
    tally.add('reopens');
    await again.catchUp();
    const files = filesAtRest(o, again);
    tally.add('files scanned', Object.keys(files).length);
    const atRest = itemsFound(files, items);
    if (atRest.length > 0) fail(`after erasure and a fresh open, the person's items are at rest: ${atRest.slice(0, 5).join('; ')}`);
    const shown = await readPathsShow(host, again, items, tally);
    if (shown.length > 0) fail(`after erasure and a fresh open, the person can still be read: ${[...new Set(shown)].slice(0, 6).join('; ')}`);
    const view = await host.admin(again, 'registration').viewLedger(NEIGHBOUR);
    if (view.records.length !== 1) fail("the neighbour's ledger no longer reads after another person's erasure");
    tally.add('neighbour ledgers still read');
  }), minimums);
}

