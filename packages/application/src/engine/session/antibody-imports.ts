// 風しん抗体検査 results from a file, imported as one batch onto each person's vaccination stream.
// Each export is documented on `Session`, which hosts call.
import * as E from 'fp-ts/lib/Either.js';
import {
  antibodyItemName, deterministicId, streams, vaccinationDeciderFor,
  type AntibodyItemId, type StreamAppend, type VaccinationEvent, type VaccinationState,
} from '@vaxledger/domain';
import { docKey } from '@vaxledger/projections';
import type { AntibodyRow, FileEncoding } from '../../ports/file-readers.ts';
import { sortFileErrors, type FileError } from '../../imports/file-error.ts';
import { readersOf } from '../file-readers-of.ts';
import { envelopeOf } from '../../commands/envelope.ts';
import { ImportRejectedError, type ImportSummary } from '../import-errors.ts';
import { batchRecord, landBatch, startBatch } from '../import-batch.ts';
import type { SessionContext } from './context.ts';

export interface AntibodyImportOptions {
  readonly fileName: string;
  readonly encoding?: FileEncoding;
}

/**
 * Each row's test, decided on its person's vaccination stream in file order, with ids derived from the file and the
 * line: the same file again is the same batch (nothing added), and a test already on the record with the same items
 * adds nothing either. A row naming a resident not registered here, or a 検査番号 already recorded with other items,
 * refuses the whole file (a test result is not guessed onto a person: there is no suspense queue for it).
 */
export async function importAntibodyTests(ctx: SessionContext, bytes: Uint8Array, options: AntibodyImportOptions): Promise<ImportSummary> {
  await ctx.authorize('import.slips');
  await ctx.upToDate();
  const engine = ctx.engine;
  const metadata = ctx.meta('import');
  const { batchId, sha256, fileName, previous } = await startBatch(engine, 'antibody', bytes, options.fileName);
  if (previous) return previous;
  const readers = readersOf(engine);
  if (!readers.readAntibodyFile) throw new ImportRejectedError(fileName, [{ file: fileName, line: 0, message: 'this engine\'s file formats cannot read antibody tests: pass csvFileReaders from @vaxledger/adapters' }]);
  const read = readers.readAntibodyFile(bytes, { fileName, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!read.ok) throw new ImportRejectedError(fileName, read.errors, read.more);

  const ids = [...new Set(read.rows.map((r) => r.residentId))];
  const registered = await engine.projectionStore.getDocs('residents', ids.map((id) => docKey(ctx.tenant, id)));
  const decider = vaccinationDeciderFor(engine.rules);
  const errors: FileError[] = [];
  const error = (row: AntibodyRow, id: AntibodyItemId, message: string) => errors.push({ file: fileName, line: row.line, item: antibodyItemName(id), message });
  const persons = new Map<string, { state: VaccinationState; revision: bigint | null; events: StreamAppend['events'][number][] }>();
  let events = 0;
  let skipped = 0;
  for (const row of read.rows) {
    if (!registered.has(docKey(ctx.tenant, row.residentId))) {
      error(row, 'residentId', 'no resident of this 整理番号 is registered here');
      continue;
    }
    let held = persons.get(row.residentId);
    if (!held) {
      const loaded = await engine.load(decider, streams.vaccination(ctx.tenant, row.residentId));
      held = { ...loaded, events: [] };
      persons.set(row.residentId, held);
    }
    const { line: _l, residentId, ...items } = row;
    const testId = deterministicId(ctx.tenant, 'antibody', sha256, String(row.line));
    const decided = decider.decide({ type: 'RecordAntibodyTest', residentId, test: { testId, ...items } }, held.state);
    if (E.isLeft(decided)) {
      error(row, 'testNumber', decided.left.code === 'antibody-test-exists' ? 'this 検査番号 is already recorded for the resident with other items' : decided.left.message);
      continue;
    }
    if (decided.right.length === 0) skipped++;
    for (const event of decided.right as readonly VaccinationEvent[]) {
      held.state = decider.evolve(held.state, event);
      held.events.push(envelopeOf(event, metadata, deterministicId(ctx.tenant, 'antibody', sha256, String(row.line), event.type)));
      events++;
    }
  }
  if (errors.length > 0) throw new ImportRejectedError(fileName, sortFileErrors(errors));

  const appends: StreamAppend[] = [];
  for (const [residentId, p] of persons) {
    if (p.events.length > 0) appends.push({ stream: streams.vaccination(ctx.tenant, residentId), expectedRevision: p.revision ?? 'no_stream', events: p.events });
  }
  const summary: ImportSummary = { batch: batchId, rows: read.rows.length, events, held: 0, skipped, alreadyImported: false, droppedItems: read.dropped };
  appends.push(batchRecord(engine, batchId, sha256, 'antibody', fileName, read.header.encoding, summary, metadata));
  const landedMeanwhile = await landBatch(engine, batchId, appends);
  return landedMeanwhile ?? summary;
}
