// 委託先: the printing contractor, its contract and key, and the print files handed to it (委託).
// Each export is documented on `Session`, which hosts call.
import { createHash, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  checkEntrustment, contractLastDay, contractorDecider, DomainError, formsOfRunEvent, PRINT_FILE_COLUMNS, printFileRow,
  recordedEventOf, spreadsheetCsvLine, storedRowsMatching, streams,
  type ContractorState, type EligibilityCriteria, type EventOf, type PrintExclusions, type PrintFileEntry, type RunForm,
} from '@vaxledger/domain';
import { docKey, formKey, type FormDoc, type ResidentDoc } from '@vaxledger/projections';
import type { PrintFiles } from '../../ports/print-files.ts';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

export interface AddContractorInput {
  readonly contractorId: string;
  readonly name: string;
  readonly contractRef: string;
  /** The contract's last day (YYYY-MM-DD, JST). */
  readonly until: string;
  /** The contractor's OpenPGP public key, armored (its `.asc` file's text). */
  readonly armoredKey: string;
}

/** A contractor as listed: no key material but its fingerprint. */
export interface ContractorView {
  readonly contractorId: string;
  readonly name: string;
  readonly contractRef: string;
  readonly registeredOn: string;
  readonly until: string;
  readonly endedOn?: string;
  /** Whether a print file may go to it today (its contract's last day not passed). */
  readonly inForce: boolean;
  readonly fingerprint: string;
  readonly keyExpiresAt?: string;
  /** Print files handed to it (each split file once). */
  readonly entrustments: number;
}

/** A print file made and put on the record. */
export interface PrintExport {
  readonly entrustmentId: string;
  readonly contractorId: string;
  readonly runId: string;
  readonly rows: number;
  readonly excluded: PrintExclusions;
  readonly items: readonly string[];
  readonly fingerprint: string;
  /** SHA-256 of the encrypted file's bytes, as put on the record. */
  readonly fileHash: string;
  readonly again?: string;
}

const CONTRACTOR_ITEMS = ['contractorId', 'name', 'contractRef', 'until', 'endedOn', 'fingerprint'];

function printFilesOf(ctx: SessionContext): PrintFiles {
  if (!ctx.engine.printFiles) throw new DomainError('no-print-files', 'this engine was composed without print files: pass printFiles (openpgpPrintFiles from @vaxledger/adapters)');
  return ctx.engine.printFiles;
}

export async function addContractor(ctx: SessionContext, input: AddContractorInput): Promise<ContractorView> {
  await ctx.authorize('contractor.manage');
  const now = ctx.engine.clock.now();
  const key = await printFilesOf(ctx).readPublicKey(input.armoredKey, now);
  const today = japanDate(now);
  await ctx.engine.commands.execute({
    stream: streams.contractor(ctx.tenant, input.contractorId), decider: contractorDecider,
    command: { type: 'RegisterContractor', contractorId: input.contractorId, name: input.name, contractRef: input.contractRef, until: input.until, key, today },
  }, ctx.meta());
  return {
    contractorId: input.contractorId, name: input.name.trim(), contractRef: input.contractRef.trim(), registeredOn: today, until: input.until, inForce: true,
    fingerprint: key.fingerprint, ...(key.expiresAt ? { keyExpiresAt: key.expiresAt } : {}), entrustments: 0,
  };
}

export async function endContract(ctx: SessionContext, contractorId: string, endedOn: string): Promise<{ contractorId: string; endedOn: string }> {
  await ctx.authorize('contractor.manage');
  await ctx.engine.commands.execute({
    stream: streams.contractor(ctx.tenant, contractorId), decider: contractorDecider,
    command: { type: 'EndContract', contractorId, endedOn, today: japanDate(ctx.engine.clock.now()) },
  }, ctx.meta());
  return { contractorId, endedOn };
}

type ContractorStreamEvent = EventOf<'ContractorRegistered' | 'ContractEnded' | 'EntrustmentProvided'>;

export async function listContractors(ctx: SessionContext): Promise<ContractorView[]> {
  await ctx.authorize('contractor.view');
  const today = japanDate(ctx.engine.clock.now());
  const ids: string[] = [];
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'ContractorRegistered' })) {
    ids.push((recordedEventOf(row).data as { contractorId: string }).contractorId);
  }
  const out: ContractorView[] = [];
  for (const id of ids.sort()) {
    let registered: EventOf<'ContractorRegistered'>['data'] | undefined;
    let endedOn: string | undefined;
    const seen = new Set<string>();
    let state: ContractorState = contractorDecider.initialState;
    for await (const e of ctx.engine.store.readStream(streams.contractor(ctx.tenant, id))) {
      const ev = { type: e.type, data: e.data } as ContractorStreamEvent;
      state = contractorDecider.evolve(state, ev);
      if (ev.type === 'ContractorRegistered') registered = ev.data;
      else if (ev.type === 'ContractEnded') endedOn = ev.data.endedOn;
      else seen.add(ev.data.entrustmentId);
    }
    if (!registered || state.status !== 'registered') continue;
    const d = registered;
    out.push({
      contractorId: d.contractorId, name: d.name, contractRef: d.contractRef, registeredOn: d.registeredOn, until: d.until, ...(endedOn ? { endedOn } : {}),
      inForce: today <= contractLastDay(state), fingerprint: d.fingerprint, ...(d.keyExpiresAt ? { keyExpiresAt: d.keyExpiresAt } : {}), entrustments: seen.size,
    });
  }
  // No person's data is shown, but who may receive it is: the read is on the record like any other.
  await ctx.logRead('contractor.view', CONTRACTOR_ITEMS, { count: out.length });
  return out;
}

/** A notice run as the print file needs it: its criteria and its forms (runs are kept in clear). */
async function runOf(ctx: SessionContext, runId: string): Promise<{ criteria: EligibilityCriteria; forms: RunForm[] } | null> {
  let criteria: EligibilityCriteria | null = null;
  const forms: RunForm[] = [];
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'NoticesIssued', dataContains: JSON.stringify(runId) })) {
    const data = recordedEventOf(row).data as { runId: string; criteria: EligibilityCriteria; residentIds: string[]; formSerialFrom?: number };
    if (data.runId !== runId) continue;
    criteria = data.criteria;
    for (const f of formsOfRunEvent(data)) forms.push(f);
  }
  return criteria && { criteria, forms };
}

/**
 * The run's forms that go to the printer, and those left out by why. Checked now, not as the run was: a resident who
 * became 送付除外 or 住基閲覧注意, moved out or was erased since is left out, and so is a form reissued or voided.
 */
async function printEntries(ctx: SessionContext, criteria: EligibilityCriteria, forms: readonly RunForm[]): Promise<{ entries: Array<PrintFileEntry & { residentId: string }>; excluded: PrintExclusions }> {
  const store = ctx.engine.projectionStore;
  const residents = await store.getDocs('residents', forms.map((f) => docKey(ctx.tenant, f.residentId)));
  const formDocs = await store.getDocs('forms', forms.map((f) => formKey(ctx.tenant, f.residentId, f.formNumber)));
  // The window printed is the schedule's for the person on the run's date, whatever their status now.
  const index = await ctx.engine.eligibilityIndex();
  const rows = index.query({ ...criteria, statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] });
  const windows = new Map(rows.map((r) => [r.residentId, r.window]));
  const excluded = { mailingExcluded: 0, addressRestricted: 0, formInvalidated: 0, notTarget: 0 };
  const entries: Array<PrintFileEntry & { residentId: string }> = [];
  for (const f of forms) {
    const resident = residents.get(docKey(ctx.tenant, f.residentId))?.doc as ResidentDoc | undefined;
    const window = windows.get(f.residentId);
    if (!resident || resident.status !== 'resident' || resident.suspended || window === undefined) excluded.notTarget++;
    else if (resident.details.mailingExcluded) excluded.mailingExcluded++;
    else if (resident.details.addressDisclosureRestricted) excluded.addressRestricted++;
    else if ((formDocs.get(formKey(ctx.tenant, f.residentId, f.formNumber))?.doc as FormDoc | undefined)?.status !== 'valid') excluded.formInvalidated++;
    else {
      const d = resident.details;
      entries.push({
        residentId: f.residentId, formNumber: f.formNumber, postalCode: d.postalCode ?? null, address: d.address, addressSupplement: d.addressSupplement ?? null,
        kanjiName: d.kanjiName, vaccine: criteria.vaccine, dose: criteria.dose, window,
      });
    }
  }
  return { entries, excluded };
}

export async function exportPrintFile(
  ctx: SessionContext,
  options: { runId: string; contractorId: string; again?: string; write: (bytes: Uint8Array) => Promise<void> },
): Promise<PrintExport> {
  await ctx.authorize('print.export');
  await ctx.upToDate();
  const printFiles = printFilesOf(ctx);
  const now = ctx.engine.clock.now();
  const today = japanDate(now);
  const stream = streams.contractor(ctx.tenant, options.contractorId);
  const { state, revision } = await ctx.engine.load(contractorDecider, stream);
  // Refused before anything is read or written: an ended contract, a run sent before (unless --again).
  const allowed = checkEntrustment(state, options.contractorId, options.runId, today, options.again);
  if (E.isLeft(allowed)) throw allowed.left;
  const run = await runOf(ctx, options.runId);
  if (!run) throw new DomainError('unknown-run', `no notice run ${options.runId} is on the record`, 'not-found');
  if (run.forms.length === 0) throw new DomainError('run-without-forms', `notice run ${options.runId} was issued before forms were numbered: it has no print file`);
  const key = await keyOf(ctx, options.contractorId);

  const { entries, excluded } = await printEntries(ctx, run.criteria, run.forms);
  // The file in clear exists only here, in memory: encoded and encrypted by the port, then dropped.
  const text = spreadsheetCsvLine(PRINT_FILE_COLUMNS) + entries.map((e) => spreadsheetCsvLine(printFileRow(e))).join('');
  const bytes = await printFiles.encryptPrintFile(text, key, now);
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  await options.write(bytes);

  const entrustmentId = randomUUID();
  // Recorded at the revision the contractor was read at: of two exports of the run at once, the second is a conflict.
  await ctx.engine.commands.execute({
    stream, decider: contractorDecider, plannedAt: revision,
    command: {
      type: 'ProvideEntrustment', entrustmentId, contractorId: options.contractorId, runId: options.runId, vaccine: run.criteria.vaccine, dose: run.criteria.dose,
      items: [...PRINT_FILE_COLUMNS], rows: entries.length, excluded, fingerprint: key.fingerprint, fileHash, residentIds: entries.map((e) => e.residentId), today,
      ...(allowed.right === undefined ? {} : { again: allowed.right }),
    },
  }, ctx.meta());
  return {
    entrustmentId, contractorId: options.contractorId, runId: options.runId, rows: entries.length, excluded, items: [...PRINT_FILE_COLUMNS],
    fingerprint: key.fingerprint, fileHash, ...(allowed.right === undefined ? {} : { again: allowed.right }),
  };
}

/** The contractor's key as registered (its events are in clear: a company's key is no one's personal data). */
async function keyOf(ctx: SessionContext, contractorId: string): Promise<{ publicKey: string; fingerprint: string; expiresAt?: string }> {
  for await (const e of ctx.engine.store.readStream(streams.contractor(ctx.tenant, contractorId))) {
    if (e.type !== 'ContractorRegistered') continue;
    const d = e.data as { publicKey: string; fingerprint: string; keyExpiresAt?: string };
    return { publicKey: d.publicKey, fingerprint: d.fingerprint, ...(d.keyExpiresAt ? { expiresAt: d.keyExpiresAt } : {}) };
  }
  throw new DomainError('unknown-contractor', `no contractor ${contractorId} is registered (vaxledger contractor add)`, 'not-found');
}
