import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import {
  containsMyNumber, deterministicId, DomainError, MY_NUMBER_REFUSED, parseDomainEvent, streams, type EventMetadata, type StreamAppend,
} from '@vaxledger/domain';
import type { EngineContext as Engine } from './engine-context.ts';
import type { ImportProgress, ImportSummary } from './import-errors.ts';
import { envelopeOf } from '../commands/envelope.ts';

/** The kinds of file an import batch is made of. */
export type BatchKind = 'registry' | 'slips' | 'vrs' | 'inquiry-answer' | 'print-return' | 'antibody';

export interface BatchStart {
  readonly batchId: string;
  readonly sha256: string;
  /** The file's name without its directory: what was imported, not where it lay. */
  readonly fileName: string;
  /** The summary of the same file imported before, or null. */
  readonly previous: ImportSummary | null;
}

/** A file's batch identity: a UUIDv5 of tenant, kind and the file's SHA-256, so the same file is the same batch. */
export async function startBatch(engine: Engine, kind: BatchKind, bytes: Uint8Array, path: string): Promise<BatchStart> {
  // The name is kept on the batch record and named in every error: one holding a 個人番号 is refused first, unechoed.
  if (containsMyNumber(path)) throw new DomainError('my-number-refused', `the import file's name ${MY_NUMBER_REFUSED}; rename the file`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const batchId = deterministicId(engine.tenant, kind, sha256);
  return { batchId, sha256, fileName: basename(path), previous: await batchAlreadyImported(engine, batchId) };
}

/** The summary of a batch imported before, read from its record; null when this file was never imported. */
export async function batchAlreadyImported(engine: Engine, batchId: string): Promise<ImportSummary | null> {
  for await (const e of engine.store.readStream(streams.importBatch(engine.tenant, batchId))) {
    if (e.type !== 'ImportBatchRecorded') continue;
    const d = parseDomainEvent(e.type, e.data).data as { rows: number; droppedItems: string[] };
    return { batch: batchId, rows: d.rows, events: 0, held: 0, skipped: d.rows, alreadyImported: true, droppedItems: d.droppedItems };
  }
  return null;
}

/**
 * Appends a batch with its record as one unit, through the command handler (which then catches the projections up:
 * the 'projecting' phase). When the same file landed meanwhile (another process imported it at the same moment: its
 * unit is identical, or differs only in the file's name), that import's summary is returned, as for any file
 * imported before; null when this call landed the batch.
 */
export async function landBatch(engine: Engine, batchId: string, appends: readonly StreamAppend[], onProgress?: ImportProgress): Promise<ImportSummary | null> {
  try {
    const results = await engine.commands.land(appends, { beforeCatchUp: () => onProgress?.('projecting', 0, 1) });
    // The record is the unit's last part: stored already with the same content means the whole unit was a safe retry.
    return results[results.length - 1]!.appended === 0 ? await batchAlreadyImported(engine, batchId) : null;
  } catch (error) {
    const landed = await batchAlreadyImported(engine, batchId);
    if (landed) return landed;
    throw error;
  }
}

/** The batch's own record, appended in the same unit as its events. */
export function batchRecord(
  engine: Engine, batchId: string, sha256: string, kind: BatchKind, fileName: string, encoding: string,
  summary: ImportSummary, metadata: EventMetadata,
): StreamAppend {
  const data = {
    batchId, kind, fileName, sha256, encoding, rows: summary.rows, events: summary.events, held: summary.held,
    skipped: summary.skipped, droppedItems: [...summary.droppedItems],
  };
  return {
    stream: streams.importBatch(engine.tenant, batchId),
    expectedRevision: 'no_stream',
    events: [envelopeOf({ type: 'ImportBatchRecorded', data }, metadata, deterministicId(engine.tenant, kind, sha256, 'batch'))],
  };
}

/** A row naming a person whose record was erased: their items must not be kept again, so the row is refused. */
export const ERASED_MESSAGE = 'this 整理番号 belongs to a person whose record was erased (消去): their items cannot be kept again; take the row out of the file and handle it on paper';

/** The residents among these whose record was erased (their key destroyed). */
export async function erasedResidents(engine: Engine, residentIds: readonly string[]): Promise<Set<string>> {
  return engine.cipher ? engine.cipher.erasedAmong(engine.tenant, residentIds) : new Set();
}
