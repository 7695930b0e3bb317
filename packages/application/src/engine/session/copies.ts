// 副本作成・登録: the vaccination records other municipalities may ask for, as the file the intermediate server takes in.
// Each export is documented on `Session`, which hosts call.
import { createHash, randomUUID } from 'node:crypto';
import { CategorySchema, copyExportDecider, DomainError, isIsoDate, planCopyExport, streams, VaccineSchema, type StoredRowReader } from '@vaxledger/domain';
import { docKey, ledgerPrefix, type LedgerRecordDoc, type ResidentDoc } from '@vaxledger/projections';
import { byVaccineDoseDate, type SessionContext } from './context.ts';

export interface CopyExport {
  readonly exportId: string;
  readonly full: boolean;
  readonly fromPosition: number;
  readonly throughPosition: number;
  /** Persons in the file: those with records on the ledger (every active one, or one empty row when all were voided). */
  readonly residents: number;
  readonly records: number;
  /** Persons with records who could not be sent: they have no 統合宛名番号. */
  readonly unlinked: number;
  /** SHA-256 of the file's bytes, as put on the record. */
  readonly fileHash: string;
}

/** The file's columns: 統合宛名番号 and the record, nothing that names, locates or dates the person. */
export const COPY_COLUMNS = ['統合宛名番号', '接種名称区分', '期回数区分', '接種日', '接種区分'] as const;

/**
 * Events after which a person's copy may differ: their registry facts (統合宛名番号) or their vaccinations. (An
 * erasure is not among them: an erased person has no records left to send, and nothing names them any more.)
 */
const COPY_EVENT_TYPES = new Set([
  'ResidentRegistered', 'ResidentDetailsChanged', 'VaccinationRecorded', 'VaccinationCorrected', 'VaccinationVoided',
]);
const PAGE = 1000;

/**
 * Each column's form in the 副本: the intermediate server reads digits where digits are meant, ids and ISO dates.
 * A value of another form (a 統合宛名番号 with letters, a formula) refuses the export: a machine file is never
 * written with a field it would misread, nor "fixed" silently.
 */
const COPY_FORMS: readonly [(typeof COPY_COLUMNS)[number], (v: string) => boolean][] = [
  // The municipality assigns it: digits, or letters, digits and inner hyphens (K-7731-0042), never a sign or a formula.
  ['統合宛名番号', (v) => /^[0-9A-Za-z][0-9A-Za-z-]{0,19}$/.test(v)],
  ['接種名称区分', (v) => v === '' || VaccineSchema.safeParse(v).success],
  ['期回数区分', (v) => v === '' || /^[0-9]{1,2}$/.test(v)],
  ['接種日', (v) => v === '' || isIsoDate(v)],
  ['接種区分', (v) => v === '' || CategorySchema.safeParse(v).success],
];

function checkCopyRow(residentId: string, row: readonly string[]): void {
  COPY_FORMS.forEach(([column, valid], i) => {
    if (!valid(row[i]!)) {
      throw new DomainError('invalid-copy-field', `the 副本 is not written: the ${column} of resident ${residentId} is not in the form the file requires (${column === '統合宛名番号' ? 'digits or letters, with inner hyphens' : 'a known code'}); correct it at its source and export again`);
    }
  });
}

export async function exportCopies(ctx: SessionContext, options: { full?: boolean; write: (chunk: Uint8Array) => Promise<void> }): Promise<CopyExport> {
  await ctx.authorize('copies.export');
  await ctx.upToDate();
  const stream = streams.copyExports(ctx.tenant);
  const { state, revision } = await ctx.engine.load(copyExportDecider, stream);
  const { full, fromPosition } = planCopyExport(state, { full: options.full === true });
  const throughPosition = Number((await ctx.engine.storedRows.head()).position);

  // Written page by page, hashed as it goes: a city's full export (millions of rows) is never one string in memory.
  const hash = createHash('sha256');
  const emit = async (rows: string[][], header: boolean) => {
    // Every field was checked against its form (COPY_FORMS: digits, letters, inner hyphens, ISO dates, codes), so none
    // holds a comma, a quote or a line break, and a line is its fields joined: no CSV quoting is ever needed.
    const lines = header ? [COPY_COLUMNS.join(','), ...rows.map((r) => r.join(','))] : rows.map((r) => r.join(','));
    if (lines.length === 0) return;
    const chunk = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    hash.update(chunk);
    await options.write(chunk);
  };
  await emit([], true);
  const sent: string[] = [];
  const unlinked: string[] = [];
  let records = 0;
  for await (const page of full ? everyLedger(ctx) : changedLedgers(ctx, fromPosition, throughPosition)) {
    const rows: string[][] = [];
    const residents = await ctx.engine.projectionStore.getDocs('residents', [...page.keys()].map((id) => docKey(ctx.tenant, id)));
    for (const [id, held] of page) {
      const number = (residents.get(docKey(ctx.tenant, id))?.doc as ResidentDoc | undefined)?.details.integratedAddresseeNo;
      if (!number) {
        unlinked.push(id);
        continue;
      }
      sent.push(id);
      const active = held.filter((r) => r.status === 'active').sort((a, b) => byVaccineDoseDate(a.fields, b.fields));
      // A person with no record left (all voided) is one empty row: the server's copy is replaced whole.
      const mine = active.length === 0 ? [[number, '', '', '', '']] : active.map((r) => [number, r.fields.vaccine, String(r.fields.dose), r.fields.date, r.fields.category]);
      for (const row of mine) {
        checkCopyRow(id, row);
        rows.push(row);
      }
      records += active.length;
    }
    await emit(rows, false);
  }
  const fileHash = hash.digest('hex');
  const exportId = randomUUID();
  // The file was written (by the caller, to a temporary name) before the export is on the record, and the record is
  // what the next incremental export starts from: a file that could not be written leaves no record that skips it.
  // Recorded at the revision the plan was read at: of two exports made at once, the second is a conflict (its file is
  // made again), never recorded after the first as if it had started where that one ended.
  await ctx.engine.commands.execute({
    stream, decider: copyExportDecider, plannedAt: revision,
    command: { type: 'RecordCopyExport', exportId, full, fromPosition, throughPosition, residentIds: sent, unlinked, records, fileHash },
  }, ctx.meta());
  return { exportId, full, fromPosition, throughPosition, residents: sent.length, records, unlinked: unlinked.length, fileHash };
}

/**
 * Every person's records (voided ones too), a page of persons at a time, in key order: one scan of the ledger, whose
 * keys keep a person's records together. A person with no record is not met at all (nobody has a copy of nothing).
 */
async function* everyLedger(ctx: SessionContext): AsyncIterable<Map<string, LedgerRecordDoc[]>> {
  let page = new Map<string, LedgerRecordDoc[]>();
  for await (const { doc } of ctx.engine.projectionStore.scan('ledger', { prefix: docKey(ctx.tenant, '') })) {
    const r = doc as LedgerRecordDoc;
    const list = page.get(r.residentId);
    if (list) list.push(r);
    else {
      if (page.size === PAGE) {
        yield page;
        page = new Map();
      }
      page.set(r.residentId, [r]);
    }
  }
  if (page.size > 0) yield page;
}

/** The records of the persons whose copy may have changed since `from`, a page of persons at a time. */
async function* changedLedgers(ctx: SessionContext, from: number, through: number): AsyncIterable<Map<string, LedgerRecordDoc[]>> {
  const ids = await residentsChangedSince(ctx.engine.storedRows, ctx.tenant, from, through);
  for (let i = 0; i < ids.length; i += PAGE) {
    const slice = ids.slice(i, i + PAGE);
    const docs = await ctx.engine.projectionStore.getDocsUnder('ledger', slice.map((id) => ledgerPrefix(ctx.tenant, id)));
    const page = new Map<string, LedgerRecordDoc[]>();
    for (const id of slice) page.set(id, []);
    for (const { doc } of docs.values()) page.get((doc as LedgerRecordDoc).residentId)?.push(doc as LedgerRecordDoc);
    // Nobody has a copy of a person with no record (an erased person's records are gone with their key).
    for (const [id, list] of page) if (list.length === 0) page.delete(id);
    yield page;
  }
}

/**
 * The persons named by this tenant's events after `from` (up to `through`) that can change a copy. Read from the stored
 * rows, whose resident ids are in clear, so nothing sealed is opened.
 */
async function residentsChangedSince(rows: StoredRowReader, tenant: string, from: number, through: number): Promise<string[]> {
  const ids = new Set<string>();
  for await (const row of rows.readStoredRows(BigInt(from))) {
    if (Number(row.position) > through) break;
    if (row.tenant !== tenant || !COPY_EVENT_TYPES.has(row.type)) continue;
    const residentId = (JSON.parse(row.dataText) as { residentId?: unknown }).residentId;
    if (typeof residentId === 'string') ids.add(residentId);
  }
  return [...ids].sort();
}
/** The export whose file had these bytes: who made it, when, and what it carried. */
export interface CopyExportRecord {
  readonly exportId: string;
  readonly at: string;
  readonly operator: string;
  readonly full: boolean;
  readonly fromPosition: number;
  readonly throughPosition: number;
  readonly residents: number;
  readonly records: number;
}

export async function findCopyExport(ctx: SessionContext, file: Uint8Array): Promise<CopyExportRecord | null> {
  await ctx.authorize('copies.verify');
  const fileHash = createHash('sha256').update(file).digest('hex');
  let found = null as CopyExportRecord | null;
  for await (const e of ctx.engine.store.readStream(streams.copyExports(ctx.tenant))) {
    const d = e.data as { exportId: string; full: boolean; fromPosition: number; throughPosition: number; residentIds: string[]; records: number; fileHash: string };
    if (d.fileHash !== fileHash) continue;
    // The parts of a split export follow one another: their persons are added up.
    if (found !== null && found.exportId === d.exportId) {
      found = { ...found, residents: found.residents + d.residentIds.length };
      continue;
    }
    found = { exportId: d.exportId, at: e.recordedAt, operator: e.metadata.operatorId, full: d.full, fromPosition: d.fromPosition, throughPosition: d.throughPosition, residents: d.residentIds.length, records: d.records };
  }
  await ctx.logRead('copies.verify', ['exportId'], { count: found ? 1 : 0 });
  return found;
}
