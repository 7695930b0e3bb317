import fc from 'fast-check';
import type { Engine, Mapping } from '@vaxledger/application';
import { parseMapping } from '../../formats/mapping.ts';
import {
  csvFileBytes, MY_NUMBER_SPELLINGS, myNumberArb, myNumberCaseArb, myNumberPlaceArb, REGISTRY_FILE_HEADER, residentDetailsArb, SLIP_FILE_HEADER,
  type MyNumberCase, type MyNumberSpelling,
} from '@vaxledger/domain/testing';
import { eventsAfter, headOf, japanToday, outcomeOf, TENANT_A, withHost, type KitHost } from './host.ts';
import { filesAtRest, hasFilesAtRest, itemsFound } from './files-at-rest.ts';
import { fail, runProperty } from './tally.ts';
import type { KitOptions, PropertyResult } from './types.ts';

const RESIDENT = '006001';

/** A mapping (as a host's mapping file gives it) that ignores one column. */
function ignoring(header: string): Mapping {
  const parsed = parseMapping({ version: 1, ignore: [header] }, 'kit-mapping');
  if (!parsed.ok) throw new Error('the kit\'s mapping does not parse');
  return parsed.mapping;
}

/** A file carrying the number in the column the case says: a registry file or a slip file. */
function fileWith(c: MyNumberCase, kind: 'registry' | 'slips'): Uint8Array {
  const place = c.place;
  if (place.kind === 'free-text') throw new Error('not a file case');
  if (kind === 'registry') {
    const header: string[] = [...REGISTRY_FILE_HEADER];
    const row = ['006002', 'ア イ', '阿 伊', '2015-01-01', '1', '980-0001', '仙台市青葉区試験町1', '101', '転入', '課税1'];
    // 課税区分 is a column of the file the affair drops: the number goes into it; any other header is a column added.
    const at = header.indexOf(place.header);
    if (at >= 0) row[at] = c.written;
    else { header.push(place.header); row.push(c.written); }
    return csvFileBytes([header, row]);
  }
  const header: string[] = [...SLIP_FILE_HEADER];
  const row = [RESIDENT, 'ア イ', '2015-01-01', '1', 'hib', '1', '2020-01-02', '0410001', 'KIT0002', '0.5', '', 'D01', 'D02', ''];
  // In a slip file the dropped column is 備考 (remarks): the affair keeps none of it.
  if (place.kind === 'dropped-column') row[header.indexOf('備考')] = c.written;
  else { header.push(place.header); row.push(c.written); }
  return csvFileBytes([header, row]);
}

/** Sends the number where the case says, through the host's API. */
async function send(host: KitHost, engine: Engine, c: MyNumberCase, fileKind: 'registry' | 'slips', recordId: string): Promise<unknown> {
  const clerk = host.admin(engine, 'registration');
  const text = `kit: ${c.written}`;
  if (c.place.kind !== 'free-text') {
    // A header the readers do not know refuses the file for that header, before any cell is read: an unknown column
    // is one the host's mapping says to ignore (its cells are still checked for a 個人番号).
    const mapping = c.place.kind === 'unknown-column' ? ignoring(c.place.header) : undefined;
    const options = { fileName: 'kit-mn.csv', encoding: 'utf-8' as const, ...(mapping ? { mapping } : {}) };
    const bytes = fileWith(c, fileKind);
    return fileKind === 'registry' ? clerk.importRegistry(bytes, options) : clerk.importSlips(bytes, options);
  }
  switch (c.place.field) {
    case 'correction-reason':
      return clerk.correctVaccination({ residentId: RESIDENT, recordId, changes: { lot: 'KIT0003' }, reason: text });
    case 'void-reason':
      return clerk.voidVaccination({ residentId: RESIDENT, recordId, reason: text });
    case 'request-summary':
      return host.admin(engine, 'disclosure').lodgeRequest({ residentId: RESIDENT, kind: 'disclosure', receivedOn: japanToday(engine), summary: text });
    case 'erasure-reason':
      return host.admin(engine, 'administration').erase(RESIDENT, { reason: text });
  }
}

/**
 * my-number-refused: a valid My Number in every spelling (half- and full-width, grouped by spaces, hyphens, dots,
 * the ideographic space) in a column whose header names it, a column the affair drops, a column the readers do not
 * know, which the host's mapping ignores (each in a registry and a slip file; every spelling in such a cell each run), or the
 * free text of an API call, is refused: an error naming the 個人番号 item,
 * never echoing the number, nothing recorded, and nothing of it at rest (the store's events, and the data folder's
 * files when the host gives one).
 */
const SPELLINGS = Object.keys(MY_NUMBER_SPELLINGS) as MyNumberSpelling[];
const FILE_KINDS = ['registry', 'slips'] as const;

/** Every spelling once, each in a cell the readers must look into themselves: a column the affair drops, or one they do not know. */
const everySpellingInACellArb: fc.Arbitrary<MyNumberCase[]> = fc.tuple(...SPELLINGS.map((spelling) =>
  fc.tuple(myNumberArb, myNumberPlaceArb.filter((p) => p.kind === 'dropped-column' || p.kind === 'unknown-column'))
    .map(([myNumber, place]): MyNumberCase => ({ myNumber, spelling, written: MY_NUMBER_SPELLINGS[spelling](myNumber), place }))));

export function myNumbersAreRefused(o: KitOptions): Promise<PropertyResult> {
  const minimums: Record<string, number> = { 'refused naming 個人番号: known-column': 1, 'refused naming 個人番号: dropped-column': 1, 'refused naming 個人番号: unknown-column': 1, 'refused naming 個人番号: free-text': 1 };
  for (const spelling of SPELLINGS) minimums[`refused in a cell, spelled ${spelling}`] = 1;
  for (const kind of FILE_KINDS) minimums[`refused in a dropped column of a ${kind} file`] = 1;
  // One case in each kind of place, every spelling in a cell, then a few more anywhere.
  const kinds = ['known-column', 'dropped-column', 'unknown-column', 'free-text'] as const;
  const casesArb = fc.tuple(fc.tuple(...kinds.map((k) => myNumberCaseArb.filter((c) => c.place.kind === k))), everySpellingInACellArb, fc.array(myNumberCaseArb, { maxLength: 4 }))
    .map(([one, spelled, more]): MyNumberCase[] => [...one, ...spelled, ...more]);
  return runProperty('my-number-refused', o, 4, fc.tuple(casesArb, residentDetailsArb), ([cases, details], tally) => withHost(o, async (host) => {
    const engine = await host.open(TENANT_A, {});
    const clerk = host.admin(engine, 'registration');
    await clerk.registerResident(RESIDENT, { ...details, birthDate: '2015-01-01' });
    const { recordId } = await clerk.recordVaccination({ residentId: RESIDENT, vaccine: 'bcg', dose: 1, date: '2015-06-01', lot: 'KIT0001', source: 'manual' });
    for (const c of cases) {
      // A number in a file goes in a registry file and in a slip file (their dropped columns differ: 課税区分, 備考).
      for (const fileKind of c.place.kind === 'free-text' ? (['registry'] as const) : FILE_KINDS) {
        const before = await headOf(engine);
        const outcome = await outcomeOf(() => send(host, engine, c, fileKind, recordId));
        const where = c.place.kind === 'free-text' ? `the ${c.place.field}` : `a ${c.place.kind} (${c.place.header}) of a ${fileKind} file`;
        if (outcome.kind === 'ok') fail(`a My Number (${c.spelling}) in ${where} was accepted`);
        if (outcome.kind === 'denied') fail(`a My Number in ${where} was refused as an access denial, not as a 個人番号`);
        const message = String((outcome as { error: unknown }).error instanceof Error ? ((outcome as { error: Error }).error.message) : (outcome as { error: unknown }).error);
        if (!message.includes('個人番号')) fail(`a My Number (${c.spelling}) in ${where} was refused for another reason: the refusal does not name the 個人番号 item`);
        if (message.includes(c.myNumber) || message.includes(c.written)) fail(`the refusal of a My Number in ${where} echoes the number`);
        const left = await eventsAfter(engine, before);
        if (left.some((e) => e.type !== 'OperationRejected')) fail(`a call refused for a My Number in ${where} recorded ${left.map((e) => e.type).join(', ')}`);
        const stored = JSON.stringify((await eventsAfter(engine, 0n)).map((e) => e.data));
        if (stored.includes(c.myNumber) || stored.includes(c.written)) fail('a My Number is in the store');
        tally.add(`refused naming 個人番号: ${c.place.kind}`);
        tally.add(`spelling: ${c.spelling}`);
        if (c.place.kind === 'dropped-column' || c.place.kind === 'unknown-column') tally.add(`refused in a cell, spelled ${c.spelling}`);
        if (c.place.kind === 'dropped-column') tally.add(`refused in a dropped column of a ${fileKind} file`);
      }
    }
    if (hasFilesAtRest(o)) {
      const found = itemsFound(filesAtRest(o, engine), cases.flatMap((c) => [{ what: `a My Number (${c.spelling})`, text: c.written }, { what: 'a My Number (digits)', text: c.myNumber }]));
      if (found.length > 0) fail(`My Numbers are at rest: ${found.slice(0, 3).join('; ')}`);
      tally.add('files scanned for My Numbers', 1);
    }
  }), minimums);
}
