// 印刷・発送結果: the printing contractor's return file, imported as one batch onto each form's own stream.
// Each export is documented on `Session`, which hosts call.
import * as E from 'fp-ts/lib/Either.js';
import {
  deterministicId, formDecider, printReturnItemName, streams,
  type FormCommand, type FormEvent, type FormState, type IssuedForm, type PrintReturnItemId, type StreamAppend,
} from '@vaxledger/domain';
import { formKey, type FormDoc, type FormNumberDoc } from '@vaxledger/projections';
import type { FileEncoding, PrintReturnRow } from '../../ports/file-readers.ts';
import { sortFileErrors, type FileError } from '../../imports/file-error.ts';
import { readersOf } from '../file-readers-of.ts';
import { envelopeOf } from '../../commands/envelope.ts';
import { ImportRejectedError, type ImportSummary } from '../import-errors.ts';
import { batchRecord, landBatch, startBatch } from '../import-batch.ts';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

export interface PrintReturnImportOptions {
  readonly fileName: string;
  readonly encoding?: FileEncoding;
}

export interface PrintReturnSummary extends ImportSummary {
  /** Facts recorded from the file: forms printed, mailed, and come back (不達). 0 each for a file imported before. */
  readonly printed: number;
  readonly mailed: number;
  readonly returned: number;
}

/** The forms the file names, as issued: by number, from the form-numbers and forms projections. */
async function issuedForms(ctx: SessionContext, numbers: readonly string[]): Promise<Map<string, IssuedForm>> {
  const store = ctx.engine.projectionStore;
  const owners = await store.getDocs('form-numbers', numbers.map((n) => `${ctx.tenant}/${n}`));
  const keys: string[] = [];
  for (const { doc } of owners.values()) keys.push(formKey(ctx.tenant, (doc as FormNumberDoc).residentId, (doc as FormNumberDoc).formNumber));
  const out = new Map<string, IssuedForm>();
  for (const { doc } of (await store.getDocs('forms', keys)).values()) {
    const f = doc as FormDoc;
    out.set(f.formNumber, { residentId: f.residentId, runId: f.runId, vaccine: f.vaccine, dose: f.dose, reissueCount: f.reissueCount });
  }
  return out;
}

/** Which column a refused fact is about, for the error's item. */
const ITEM_OF: Record<FormCommand['type'], PrintReturnItemId> = {
  RecordFormPrinted: 'printedOn', RecordFormMailed: 'mailedOn', RecordFormReturned: 'returnedOn', ReissueForm: 'formNumber', VoidForm: 'formNumber',
};

/**
 * Each row's facts, decided on its form's stream in file order (a form named twice sees its earlier row), with ids
 * derived from the file and the line: the same file again is the same batch (nothing added), and another file stating
 * facts already known adds nothing either (the form decider's own rule). A row naming a form no run issued, or a fact
 * the form's history refuses (a date after today, mailed before printed), refuses the whole file.
 */
export async function importPrintReturn(ctx: SessionContext, bytes: Uint8Array, options: PrintReturnImportOptions): Promise<PrintReturnSummary> {
  await ctx.authorize('print.return');
  await ctx.upToDate();
  const engine = ctx.engine;
  const metadata = ctx.meta('import');
  const { batchId, sha256, fileName, previous } = await startBatch(engine, 'print-return', bytes, options.fileName);
  if (previous) return { ...previous, printed: 0, mailed: 0, returned: 0 };
  const readers = readersOf(engine);
  if (!readers.readPrintReturnFile) throw new ImportRejectedError(fileName, [{ file: fileName, line: 0, message: 'this engine\'s file formats cannot read print returns: pass csvFileReaders from @vaxledger/adapters' }]);
  const read = readers.readPrintReturnFile(bytes, { fileName, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!read.ok) throw new ImportRejectedError(fileName, read.errors, read.more);

  const issued = await issuedForms(ctx, [...new Set(read.rows.map((r) => r.formNumber))]);
  const today = japanDate(engine.clock.now());
  const errors: FileError[] = [];
  const error = (row: PrintReturnRow, id: PrintReturnItemId, message: string) => errors.push({ file: fileName, line: row.line, item: printReturnItemName(id), message });
  const forms = new Map<string, { state: FormState; revision: bigint | null; events: StreamAppend['events'][number][] }>();
  const counts = { printed: 0, mailed: 0, returned: 0 };
  let skipped = 0;

  for (const row of read.rows) {
    const form = issued.get(row.formNumber);
    if (!form) {
      // Never guessed at: a number no run issued is a typing error at the contractor's, or another city's form.
      error(row, 'formNumber', 'no form of this number was issued here (its check character verifies: the number is another form\'s or not ours)');
      continue;
    }
    let held = forms.get(row.formNumber);
    if (!held) {
      const loaded = await engine.load(formDecider, streams.form(ctx.tenant, row.formNumber));
      held = { ...loaded, events: [] };
      forms.set(row.formNumber, held);
    }
    const on = { formNumber: row.formNumber, issued: form, today };
    const commands: FormCommand[] = [
      ...(row.printedOn ? [{ ...on, type: 'RecordFormPrinted' as const, printKind: 'batch', printedOn: row.printedOn }] : []),
      ...(row.mailedOn ? [{ ...on, type: 'RecordFormMailed' as const, mailedOn: row.mailedOn }] : []),
      ...(row.returned ? [{ ...on, type: 'RecordFormReturned' as const, reason: row.returned.reason, returnedOn: row.returned.on }] : []),
    ];
    let changed = false;
    for (const command of commands) {
      const decided = formDecider.decide(command, held.state);
      if (E.isLeft(decided)) {
        const e = decided.left;
        error(row, ITEM_OF[command.type], e.code === 'future-date' ? `the date is later than today (${today})` : e.message.replace(/--\w+ /g, ''));
        break;
      }
      for (const event of decided.right as readonly FormEvent[]) {
        held.state = formDecider.evolve(held.state, event);
        held.events.push(envelopeOf(event, metadata, deterministicId(ctx.tenant, 'print-return', sha256, String(row.line), event.type)));
        counts[event.type === 'FormPrinted' ? 'printed' : event.type === 'FormMailed' ? 'mailed' : 'returned']++;
        changed = true;
      }
    }
    if (!changed) skipped++;
  }
  if (errors.length > 0) throw new ImportRejectedError(fileName, sortFileErrors(errors));

  const appends: StreamAppend[] = [];
  for (const [formNumber, f] of forms) {
    if (f.events.length > 0) appends.push({ stream: streams.form(ctx.tenant, formNumber), expectedRevision: f.revision ?? 'no_stream', events: f.events });
  }
  const events = counts.printed + counts.mailed + counts.returned;
  const summary: ImportSummary = { batch: batchId, rows: read.rows.length, events, held: 0, skipped, alreadyImported: false, droppedItems: read.dropped };
  appends.push(batchRecord(engine, batchId, sha256, 'print-return', fileName, read.header.encoding, summary, metadata));
  const landedMeanwhile = await landBatch(engine, batchId, appends);
  if (landedMeanwhile) return { ...landedMeanwhile, printed: 0, mailed: 0, returned: 0 };
  return { ...summary, ...counts };
}
