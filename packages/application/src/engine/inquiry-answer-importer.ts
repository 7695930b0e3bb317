import * as E from 'fp-ts/lib/Either.js';
import {
  deterministicId, DomainError, inquiryDecider, sameDose, streams,
  type AnsweredRecord, type EventMetadata, type HoldReason, type StreamAppend,
} from '@vaxledger/domain';
import { docKey, readEligibility, type EligibilityDose, type ResidentDoc, type TransferDoc } from '@vaxledger/projections';
import type { AnswerRow, FileEncoding } from '../ports/file-readers.ts';
import { readersOf } from './file-readers-of.ts';
import { envelopeOf } from '../commands/envelope.ts';
import type { EngineContext as Engine } from './engine-context.ts';
import { categoryFor, checkRecordedDose } from './dose-check.ts';
import { ImportRejectedError, type ImportProgress, type ImportSummary } from './import-errors.ts';
import { batchRecord, landBatch, startBatch } from './import-batch.ts';
import { japanDate } from './slip-importer.ts';

export interface InquiryAnswerImportOptions {
  readonly fileName: string;
  readonly encoding?: FileEncoding;
  readonly onProgress?: ImportProgress;
}

/** A record of the answer put on a person's ledger whose dose check found reasons (警告内容): ids and reasons only. */
export interface AnswerWarning {
  readonly line: number;
  readonly residentId: string;
  readonly recordId: string;
  readonly warnings: readonly string[];
}

export interface InquiryAnswerSummary extends ImportSummary {
  /** Records of the answer put on ledgers. */
  readonly recorded: number;
  /** Those of them the dose check had reasons about (recorded all the same, not as routine). */
  readonly warned: readonly AnswerWarning[];
}

/** The latest inquiry sent under each 統合宛名番号: what an answer's row is matched on. */
interface SentInquiry {
  readonly inquiryId: string;
  readonly residentId: string;
  readonly position: number;
}

async function inquiriesByAddresseeNo(engine: Engine): Promise<Map<string, SentInquiry>> {
  const out = new Map<string, SentInquiry>();
  for await (const { doc } of engine.projectionStore.scan('transfers', { prefix: docKey(engine.tenant, '') })) {
    const d = doc as TransferDoc;
    for (const i of d.inquiries) {
      const known = out.get(i.integratedAddresseeNo);
      if (!known || known.position < i.position) out.set(i.integratedAddresseeNo, { inquiryId: i.inquiryId, residentId: d.residentId, position: i.position });
    }
  }
  return out;
}

/**
 * 情報照会の回答: another municipality's records of the persons this one asked about, imported as one batch. Each row
 * is matched by its 統合宛名番号 to the latest inquiry sent under it and to the person that inquiry asked about, who
 * must still carry that number; the record goes through the dose check and is recorded with source
 * `other-municipality` and the inquiry it answers. A row that matches no inquiry or no resident, a dose already on
 * the ledger from elsewhere, or a date in the future is held in the suspense queue with the reason; nothing is
 * guessed. Record ids derive from the inquiry and the dose, so the same record answered again (the same file, or a
 * second answer repeating it) adds nothing. All or nothing, like every import.
 */
export async function importInquiryAnswerFile(engine: Engine, bytes: Uint8Array, metadata: EventMetadata, options: InquiryAnswerImportOptions): Promise<InquiryAnswerSummary> {
  const { batchId, sha256, fileName, previous } = await startBatch(engine, 'inquiry-answer', bytes, options.fileName);
  if (previous) return { ...previous, recorded: 0, warned: [] };
  options.onProgress?.('reading', 0, 1);
  const readers = readersOf(engine);
  if (!readers.readInquiryAnswerFile) throw new DomainError('no-file-readers', 'this engine\'s file formats cannot read inquiry answers: pass csvFileReaders from @vaxledger/adapters');
  const read = readers.readInquiryAnswerFile(bytes, { fileName, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!read.ok) throw new ImportRejectedError(fileName, read.errors, read.more);
  options.onProgress?.('reading', 1, 1);

  const inquiries = await inquiriesByAddresseeNo(engine);
  const ids = [...new Set(read.rows.flatMap((r) => inquiries.get(r.integratedAddresseeNo)?.residentId ?? []))];
  const residents = await engine.projectionStore.getDocs('residents', ids.map((id) => docKey(engine.tenant, id)));
  const eligibility = await readEligibility(engine.projectionStore, engine.tenant, ids);
  const doses = new Map<string, EligibilityDose[]>(ids.map((id) => [id, [...(eligibility.get(id)?.doses ?? [])]]));
  const today = japanDate(engine.clock.now());

  const perResident = new Map<string, StreamAppend['events'][number][]>();
  const holds: StreamAppend[] = [];
  const answered = new Map<string, { residentId: string; recorded: number; held: number }>();
  const warned: AnswerWarning[] = [];
  let recorded = 0;
  let skipped = 0;

  const hold = (row: AnswerRow, record: AnsweredRecord, reason: HoldReason, inquiry?: SentInquiry) => {
    const slipId = deterministicId(engine.tenant, 'answer-slip', sha256, String(row.line));
    const data = {
      slipId, batchId, line: row.line, reason, answer: record, source: 'other-municipality',
      ...(inquiry ? { inquiryId: inquiry.inquiryId, namedResidentId: inquiry.residentId } : {}),
    };
    holds.push({
      stream: streams.slip(engine.tenant, slipId), expectedRevision: 'no_stream',
      events: [envelopeOf({ type: 'SlipHeld', data }, metadata, deterministicId(engine.tenant, 'inquiry-answer', sha256, String(row.line), 'held'))],
    });
    if (inquiry) tally(inquiry).held++;
  };
  const tally = (inquiry: SentInquiry) => {
    const t = answered.get(inquiry.inquiryId) ?? { residentId: inquiry.residentId, recorded: 0, held: 0 };
    answered.set(inquiry.inquiryId, t);
    return t;
  };

  for (const row of read.rows) {
    const inquiry = inquiries.get(row.integratedAddresseeNo);
    const record: AnsweredRecord | undefined = row.record ? { integratedAddresseeNo: row.integratedAddresseeNo, ...row.record } : undefined;
    if (!inquiry) {
      // Nobody here was asked about under this number: a record is held for investigation; "no record" says nothing.
      if (record) hold(row, record, 'no-inquiry');
      else skipped++;
      continue;
    }
    const resident = residents.get(docKey(engine.tenant, inquiry.residentId))?.doc as ResidentDoc | undefined;
    // The person asked about must still be registered under the number the answer is keyed by.
    if (!resident || resident.status === 'cancelled' || resident.details.integratedAddresseeNo !== row.integratedAddresseeNo) {
      if (record) hold(row, record, 'no-such-resident', inquiry);
      else skipped++;
      continue;
    }
    if (!record) {
      tally(inquiry);
      continue;
    }
    if (record.date > today) {
      hold(row, record, 'future-date', inquiry);
      continue;
    }
    const history = doses.get(inquiry.residentId)!;
    const recordId = deterministicId(engine.tenant, 'inquiry-answer-record', inquiry.inquiryId, record.vaccine, String(record.dose), record.date);
    if (history.some((d) => d.recordId === recordId)) {
      // Recorded from an earlier answer to the same inquiry (or earlier in this file): already on the ledger.
      skipped++;
      tally(inquiry);
      continue;
    }
    if (history.some((d) => sameDose(engine.rules, d as Pick<AnsweredRecord, 'vaccine' | 'dose' | 'date'>, record))) {
      hold(row, record, 'duplicate', inquiry);
      continue;
    }
    const fields = { vaccine: record.vaccine, dose: record.dose, date: record.date };
    const check = checkRecordedDose(fields, eligibility.get(inquiry.residentId) ? { ...eligibility.get(inquiry.residentId)!, doses: history } : undefined, engine.rules);
    const data = {
      ...fields, category: categoryFor(check, record.category), recordId, residentId: inquiry.residentId,
      source: 'other-municipality', warnings: check.reasons, inquiryId: inquiry.inquiryId,
    };
    const list = perResident.get(inquiry.residentId) ?? [];
    list.push(envelopeOf({ type: 'VaccinationRecorded', data }, metadata, deterministicId(engine.tenant, 'inquiry-answer', sha256, String(row.line), 'recorded')));
    perResident.set(inquiry.residentId, list);
    // Earlier records of the answer count as history: it may carry 1回目 and 2回目 of the same child.
    history.push({ recordId, vaccine: record.vaccine, dose: record.dose, date: record.date });
    if (check.reasons.length > 0) warned.push({ line: row.line, residentId: inquiry.residentId, recordId, warnings: [...check.reasons] });
    tally(inquiry).recorded++;
    recorded++;
  }

  const appends: StreamAppend[] = [];
  for (const [id, events] of perResident) {
    const revision = await engine.store.streamRevision(streams.vaccination(engine.tenant, id));
    appends.push({ stream: streams.vaccination(engine.tenant, id), expectedRevision: revision ?? 'no_stream', events });
  }
  // Each inquiry answered is on its own stream, through its decider: the provision record shows what came back.
  for (const [inquiryId, t] of answered) {
    const stream = streams.inquiry(engine.tenant, inquiryId);
    const { state, revision } = await engine.load(inquiryDecider, stream);
    const decided = inquiryDecider.decide({ type: 'RecordInquiryAnswer', inquiryId, batchId, recorded: t.recorded, held: t.held }, state);
    if (E.isLeft(decided)) throw decided.left;
    if (decided.right.length === 0) continue;
    appends.push({
      stream, expectedRevision: revision ?? 'no_stream',
      events: decided.right.map((e) => envelopeOf(e, metadata, deterministicId(engine.tenant, 'inquiry-answer', sha256, inquiryId, 'answered'))),
    });
  }
  for (const h of holds) appends.push(h);
  const summary: ImportSummary = {
    batch: batchId, rows: read.rows.length, events: recorded + holds.length, held: holds.length, skipped, alreadyImported: false, droppedItems: read.dropped,
  };
  appends.push(batchRecord(engine, batchId, sha256, 'inquiry-answer', fileName, read.header.encoding, summary, metadata));
  options.onProgress?.('appending', 0, summary.events);
  const landedMeanwhile = await landBatch(engine, batchId, appends, options.onProgress);
  if (landedMeanwhile) return { ...landedMeanwhile, recorded: 0, warned: [] };
  options.onProgress?.('appending', summary.events, summary.events);
  return { ...summary, recorded, warned };
}
