import {
  deterministicId, formatIsoDate, matchSlip, streams,
  type EventMetadata, type MatchCandidate, type Slip, type SlipForm, type StreamAppend, type VaccinationFields,
} from '@vaxledger/domain';
import { docKey, formKey, readEligibility, type EligibilityDoc, type EligibilityDose, type FormDoc, type FormNumberDoc, type ResidentDoc } from '@vaxledger/projections';
import type { FileRead, Mapping, SlipCodeTables, SlipRow } from '../ports/file-readers.ts';
import { readersOf } from './file-readers-of.ts';
import { envelopeOf } from '../commands/envelope.ts';
import type { EngineContext as Engine } from './engine-context.ts';
import { categoryFor, checkRecordedDose } from './dose-check.ts';
import { ImportRejectedError, type ImportProgress, type ImportSummary } from './import-errors.ts';
import { batchRecord, ERASED_MESSAGE, erasedResidents, landBatch, startBatch } from './import-batch.ts';
import type { FileError } from '../imports/file-error.ts';

export interface SlipImportOptions {
  readonly fileName: string;
  readonly encoding?: 'auto' | 'cp932' | 'utf-8';
  readonly codeTables?: SlipCodeTables;
  /** A mapping file adapting another layout (header aliases, ignored columns, codes, declared id formats). */
  readonly mapping?: Mapping;
  readonly onProgress?: ImportProgress;
}

/** A VRS download has one layout and no vendor code tables (a mapping may still adapt its headers). */
export type VrsImportOptions = Omit<SlipImportOptions, 'codeTables'>;

/** The calendar date in Japan (UTC+9, no daylight saving): what "today" means to a municipality. */
export function japanDate(instant: Date): string {
  return formatIsoDate(Math.floor((instant.getTime() + 9 * 3_600_000) / 86_400_000));
}

/** The slip's items as a ledger record (the dose check decides 接種区分 unless the slip states a non-routine one). */
export function fieldsOfSlip(slip: Slip): Omit<VaccinationFields, 'category'> {
  const { residentId: _r, kanaName: _k, birthDate: _b, sex: _s, category: _c, formNumber: _f, examinationReason: _e, ...fields } = slip;
  return fields;
}

/**
 * 予防接種実績登録: a monthly file of clinic slips is one batch. Each slip is matched to a resident by 整理番号 and
 * the 4 information; a certain match is recorded (through the dose check, its reasons kept as 警告内容), any doubt
 * is held in the suspense queue with the reason. Nothing is dropped silently, and the batch lands whole or not at all.
 * The residents are read from the projections as they stand: the caller brings them up to date first.
 */
export function importSlipFile(engine: Engine, bytes: Uint8Array, metadata: EventMetadata, options: SlipImportOptions): Promise<ImportSummary> {
  return landSlips(engine, bytes, metadata, options, 'slips', (fileName) =>
    readersOf(engine).readSlipFile(bytes, { fileName, ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.codeTables ? { codeTables: options.codeTables } : {}), ...(options.mapping ? { mapping: options.mapping } : {}) }));
}

/**
 * VRS (ワクチン接種記録システム) download: COVID-19 records of this municipality's residents, keyed by 接種券番号 and
 * matched on the 属性情報 exactly as clinic slips are (a dose already on the ledger from a slip is held as a duplicate,
 * never recorded twice). Recorded with source `vrs`; one batch, all or nothing.
 */
export function importVrsFile(engine: Engine, bytes: Uint8Array, metadata: EventMetadata, options: VrsImportOptions): Promise<ImportSummary> {
  return landSlips(engine, bytes, metadata, options, 'vrs', (fileName) =>
    readersOf(engine).readVrsFile(bytes, { fileName, tenant: engine.tenant, ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.mapping ? { mapping: options.mapping } : {}) }));
}

/**
 * The forms the slips' 予診票番号 name, as issued and as they stand (a number no form has is absent): a slip bearing
 * one is matched by it first.
 */
async function slipForms(engine: Engine, rows: readonly SlipRow[]): Promise<Map<string, SlipForm>> {
  const numbers = [...new Set(rows.flatMap((r) => (r.formNumber === undefined ? [] : [r.formNumber])))];
  const out = new Map<string, SlipForm>();
  if (numbers.length === 0) return out;
  const owners = await engine.projectionStore.getDocs('form-numbers', numbers.map((n) => `${engine.tenant}/${n}`));
  const keys = [...owners.values()].map(({ doc }) => formKey(engine.tenant, (doc as FormNumberDoc).residentId, (doc as FormNumberDoc).formNumber));
  for (const { doc } of (await engine.projectionStore.getDocs('forms', keys)).values()) {
    const f = doc as FormDoc;
    out.set(f.formNumber, { residentId: f.residentId, vaccine: f.vaccine, dose: f.dose, valid: f.status === 'valid' });
  }
  return out;
}

async function landSlips(
  engine: Engine, bytes: Uint8Array, metadata: EventMetadata, options: { fileName: string; onProgress?: ImportProgress },
  kind: 'slips' | 'vrs', readFile: (fileName: string) => FileRead<SlipRow>,
): Promise<ImportSummary> {
  const { batchId, sha256, fileName, previous } = await startBatch(engine, kind, bytes, options.fileName);
  if (previous) return previous;
  const source = kind === 'vrs' ? 'vrs' : 'clinic-slip';

  const read = readFile(fileName);
  if (!read.ok) throw new ImportRejectedError(fileName, read.errors, read.more);

  const erased = await erasedResidents(engine, read.rows.map((r) => r.residentId));
  const refused: FileError[] = read.rows.filter((r) => erased.has(r.residentId)).map((r) => ({ file: fileName, line: r.line, item: kind === 'vrs' ? '接種券番号' : '整理番号', message: ERASED_MESSAGE }));
  if (refused.length > 0) throw new ImportRejectedError(fileName, refused);

  const ids = [...new Set(read.rows.map((r) => r.residentId))];
  const keys = ids.map((id) => docKey(engine.tenant, id));
  const residents = await engine.projectionStore.getDocs('residents', keys);
  const eligibility = await readEligibility(engine.projectionStore, engine.tenant, ids);
  const today = japanDate(engine.clock.now());
  const forms = await slipForms(engine, read.rows);
  type Candidate = MatchCandidate & { doses: EligibilityDose[]; person: EligibilityDoc | undefined; revision: bigint | 'no_stream' };
  const candidates = new Map<string, Candidate>();
  for (const id of ids) {
    const r = residents.get(docKey(engine.tenant, id))?.doc as ResidentDoc | undefined;
    const e = eligibility.get(id);
    if (!r) continue;
    // One list, shared by the match (duplicates) and the dose check (history), that this file's slips are added to.
    const doses = [...(e?.doses ?? [])];
    candidates.set(id, {
      details: r.details, status: r.status, ...(r.leftOn ? { leftOn: r.leftOn } : {}),
      doses, person: e ? { ...e, doses } : undefined, revision: 'no_stream',
    });
  }
  for (const id of candidates.keys()) {
    const revision = await engine.store.streamRevision(streams.vaccination(engine.tenant, id));
    candidates.get(id)!.revision = revision ?? 'no_stream';
  }

  const perResident = new Map<string, StreamAppend['events'][number][]>();
  const holds: StreamAppend[] = [];
  const examinations = new Map<string, StreamAppend['events'][number][]>();
  let recorded = 0;
  read.rows.forEach((row, i) => {
    const { line, ...slip } = row;
    const candidate = candidates.get(slip.residentId);
    const outcome = matchSlip(slip, candidate, today, slip.formNumber === undefined ? undefined : forms.get(slip.formNumber) ?? null);
    if (outcome.kind === 'hold') {
      const slipId = deterministicId(engine.tenant, 'slip', sha256, String(line));
      const data = { slipId, batchId, line, reason: outcome.reason, ...(outcome.mismatchedItems ? { mismatchedItems: [...outcome.mismatchedItems] } : {}), slip, namedResidentId: slip.residentId, ...(kind === 'vrs' ? { source: 'vrs' } : {}) };
      holds.push({
        stream: streams.slip(engine.tenant, slipId), expectedRevision: 'no_stream',
        events: [envelopeOf({ type: 'SlipHeld', data }, metadata, deterministicId(engine.tenant, 'slips', sha256, String(line), 'held'))],
      });
      return;
    }
    if (slip.examinationReason !== undefined && kind === 'slips') {
      // 予診のみ: on the person's examination stream, never a dose (no dose check, no history for later slips).
      const data = {
        recordId: deterministicId(engine.tenant, 'slip-examination', sha256, String(line)), residentId: slip.residentId, vaccine: slip.vaccine, dose: slip.dose,
        date: slip.date, ...(slip.clinicNo ? { clinicNo: slip.clinicNo } : {}), reason: slip.examinationReason, source: 'clinic-slip' as const,
      };
      const list = examinations.get(slip.residentId) ?? [];
      list.push(envelopeOf({ type: 'ExaminationRecorded', data }, metadata, deterministicId(engine.tenant, 'slips', sha256, String(line), 'examined')));
      examinations.set(slip.residentId, list);
      recorded++;
      return;
    }
    const c = candidate!;
    const fields = fieldsOfSlip(slip);
    const check = checkRecordedDose(fields, c.person, engine.rules);
    const recordId = deterministicId(engine.tenant, 'slip-record', sha256, String(line));
    // Object.assign rather than a spread followed by new members: V8 (Node 20) adds those on a slow path (~10 µs a slip).
    const data = Object.assign(fields, {
      category: categoryFor(check, slip.category), recordId, residentId: slip.residentId, source, warnings: check.reasons,
    });
    const list = perResident.get(slip.residentId) ?? [];
    list.push(envelopeOf({ type: 'VaccinationRecorded', data }, metadata, deterministicId(engine.tenant, 'slips', sha256, String(line), 'recorded')));
    perResident.set(slip.residentId, list);
    // Earlier slips of this file count as history: a file may carry 1回目 and 2回目 of the same child.
    c.doses.push({ recordId, vaccine: slip.vaccine, dose: slip.dose, date: slip.date, ...(slip.product ? { product: slip.product } : {}) });
    recorded++;
    if (i % 5000 === 0) options.onProgress?.('matching', i, read.rows.length);
  });

  const appends: StreamAppend[] = [...perResident].map(([id, events]) => ({
    stream: streams.vaccination(engine.tenant, id), expectedRevision: candidates.get(id)!.revision, events,
  }));
  for (const [id, events] of examinations) {
    appends.push({ stream: streams.examination(engine.tenant, id), expectedRevision: (await engine.store.streamRevision(streams.examination(engine.tenant, id))) ?? 'no_stream', events });
  }
  // One at a time: a spread of a million held slips would overflow the call stack (RangeError).
  for (const hold of holds) appends.push(hold);
  const summary: ImportSummary = {
    batch: batchId, rows: read.rows.length, events: recorded + holds.length, held: holds.length, skipped: 0, alreadyImported: false, droppedItems: read.dropped,
  };
  appends.push(batchRecord(engine, batchId, sha256, kind, fileName, read.header.encoding, summary, metadata));
  options.onProgress?.('appending', 0, summary.events);
  const landedMeanwhile = await landBatch(engine, batchId, appends, options.onProgress);
  if (landedMeanwhile) return landedMeanwhile;
  options.onProgress?.('appending', summary.events, summary.events);
  return summary;
}
