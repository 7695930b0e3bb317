import {
  deterministicId, planRegistryRow, streams,
  type EventMetadata, type ResidentState, type StreamAppend,
} from '@vaxledger/domain';
import { docKey, type ResidentDoc } from '@vaxledger/projections';
import type { FileError } from '../imports/file-error.ts';
import type { Mapping } from '../ports/file-readers.ts';
import { readersOf } from './file-readers-of.ts';
import { envelopeOf } from '../commands/envelope.ts';
import type { EngineContext as Engine } from './engine-context.ts';
import { ImportRejectedError, type ImportProgress, type ImportSummary } from './import-errors.ts';
import { batchRecord, ERASED_MESSAGE, erasedResidents, landBatch, startBatch } from './import-batch.ts';

export interface RegistryImportOptions {
  readonly fileName: string;
  readonly encoding?: 'auto' | 'cp932' | 'utf-8';
  readonly mapping?: Mapping;
  readonly onProgress?: ImportProgress;
}

const stateOf = (doc: ResidentDoc | undefined): ResidentState =>
  doc === undefined ? { status: 'none' } : { status: doc.status, details: doc.details, ...(doc.leftOn ? { leftOn: doc.leftOn } : {}) };

/**
 * 対象者登録: one registry file is one batch. It is validated whole before anything is appended, diffed against the
 * residents as the ledger knows them, and appended with its batch record as one atomic unit, so that a crash
 * leaves all of it or none of it. Event ids derive from the file's hash: importing the same file again is a no-op.
 * The residents are read from the projections as they stand: the caller brings them up to date first.
 */
export async function importRegistryFile(engine: Engine, bytes: Uint8Array, metadata: EventMetadata, options: RegistryImportOptions): Promise<ImportSummary> {
  const { batchId, sha256, fileName, previous } = await startBatch(engine, 'registry', bytes, options.fileName);
  if (previous) return previous;
  const plan = await readAndPlan(engine, bytes, fileName, sha256, metadata, options);
  const summary: ImportSummary = { batch: batchId, rows: plan.rows, events: plan.events, held: 0, skipped: plan.skipped, alreadyImported: false, droppedItems: plan.dropped };
  const appends = [...plan.appends, batchRecord(engine, batchId, sha256, 'registry', fileName, plan.encoding, summary, metadata)];
  options.onProgress?.('appending', 0, plan.events);
  const landedMeanwhile = await landBatch(engine, batchId, appends, options.onProgress);
  if (landedMeanwhile) return landedMeanwhile;
  options.onProgress?.('appending', plan.events, plan.events);
  return summary;
}

interface RegistryPlan {
  readonly appends: StreamAppend[];
  readonly rows: number;
  readonly events: number;
  readonly skipped: number;
  readonly dropped: readonly string[];
  readonly encoding: string;
}

/**
 * Reads the file and turns each row into the events it means. A function of its own so that the parsed rows (a
 * city's full extract: a million of them) are let go before the append, which holds the events: the garbage
 * collector then marks one of the two, not both, while the append runs.
 */
async function readAndPlan(
  engine: Engine, bytes: Uint8Array, fileName: string, sha256: string, metadata: EventMetadata, options: RegistryImportOptions,
): Promise<RegistryPlan> {
  options.onProgress?.('reading', 0, 1);
  const read = readersOf(engine).readRegistryFile(bytes, { fileName, ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.mapping ? { mapping: options.mapping } : {}) });
  if (!read.ok) throw new ImportRejectedError(fileName, read.errors, read.more);
  options.onProgress?.('reading', 1, 1);

  const keys = read.rows.map((r) => docKey(engine.tenant, r.residentId));
  const docs = await engine.projectionStore.getDocs('residents', keys);
  const appends: StreamAppend[] = [];
  const refused: FileError[] = [];
  const erased = await erasedResidents(engine, read.rows.map((r) => r.residentId));
  let events = 0;
  let skipped = 0;
  read.rows.forEach((row, i) => {
    if (erased.has(row.residentId)) {
      refused.push({ file: fileName, line: row.line, item: '整理番号', message: ERASED_MESSAGE });
      return;
    }
    const doc = docs.get(keys[i]!)?.doc as ResidentDoc | undefined;
    const plan = planRegistryRow(row, stateOf(doc));
    if (plan.kind === 'refused') {
      refused.push({ file: fileName, line: row.line, item: plan.item ?? '整理番号', message: plan.error.message });
      return;
    }
    if (plan.kind === 'unchanged') {
      skipped++;
      return;
    }
    appends.push({
      stream: streams.resident(engine.tenant, row.residentId),
      expectedRevision: doc === undefined ? 'no_stream' : BigInt(doc.revision),
      events: plan.events.map((e, k) => envelopeOf(e, metadata, deterministicId(engine.tenant, 'registry', sha256, row.residentId, String(k)))),
    });
    events += plan.events.length;
    if (i % 10000 === 0) options.onProgress?.('matching', i, read.rows.length);
  });
  // A row the rules refuse (e.g. moving in someone who never left) refuses the file: a batch lands whole or not at all.
  if (refused.length > 0) throw new ImportRejectedError(fileName, refused);
  return { appends, rows: read.rows.length, events, skipped, dropped: read.dropped, encoding: read.header.encoding };
}
