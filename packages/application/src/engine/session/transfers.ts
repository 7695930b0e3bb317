// 転入者の接種歴照会: the persons who moved in and were not asked about yet, the inquiry file for the intermediate
// server (中間サーバ), and the import of the other municipality's answer. Each export is documented on `Session`.
import { createHash, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { checkInquiry, DomainError, INQUIRY_BASES, inquiryDecider, isIsoDate, streams, type InquiryBasis } from '@vaxledger/domain';
import { awaitsInquiry, docKey, type ResidentDoc, type TransferDoc } from '@vaxledger/projections';
import { importInquiryAnswerFile, type InquiryAnswerImportOptions, type InquiryAnswerSummary } from '../inquiry-answer-importer.ts';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

/** One person of the work queue: moved in, not asked about since. */
export interface PendingTransfer {
  readonly residentId: string;
  /** The day of the 転入, when the registry said it. */
  readonly movedInOn?: string;
  /** 前住所地の全国地方公共団体コード, when the registry file carried it. */
  readonly fromMunicipality?: string;
  /** Whether the person has a 統合宛名番号 (without one, no inquiry can be sent). Never the number itself. */
  readonly hasIntegratedAddresseeNo: boolean;
}

export async function transferPending(ctx: SessionContext, options: { since?: string } = {}): Promise<PendingTransfer[]> {
  await ctx.authorize('transfer.view');
  if (options.since !== undefined && !isIsoDate(options.since)) throw new DomainError('invalid-date', '--since must be a date (YYYY-MM-DD)');
  await ctx.upToDate();
  const waiting: TransferDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('transfers', { prefix: docKey(ctx.tenant, '') })) {
    const d = doc as TransferDoc;
    if (!awaitsInquiry(d)) continue;
    // Without a date the arrival cannot be said to be after --since: it is listed only when no --since is given.
    if (options.since !== undefined && !(d.arrival!.on !== undefined && d.arrival!.on >= options.since)) continue;
    waiting.push(d);
  }
  const residents = await ctx.engine.projectionStore.getDocs('residents', waiting.map((d) => docKey(ctx.tenant, d.residentId)));
  const out: PendingTransfer[] = [];
  for (const d of waiting) {
    const resident = residents.get(docKey(ctx.tenant, d.residentId))?.doc as ResidentDoc | undefined;
    // Only those living here now: a person who moved on or died since needs no history asked for.
    if (resident?.status !== 'resident') continue;
    out.push({
      residentId: d.residentId,
      ...(d.arrival!.on ? { movedInOn: d.arrival!.on } : {}),
      ...(d.arrival!.fromMunicipality ? { fromMunicipality: d.arrival!.fromMunicipality } : {}),
      hasIntegratedAddresseeNo: resident.details.integratedAddresseeNo !== undefined,
    });
  }
  out.sort((a, b) => (a.movedInOn ?? '').localeCompare(b.movedInOn ?? '') || a.residentId.localeCompare(b.residentId));
  await ctx.logRead('transfer.view', ['residentId', 'movedInOn', 'fromMunicipality'], { count: out.length });
  return out;
}

/** The inquiry file's columns: whom to ask, about which 統合宛名番号, for which 事務 on which basis. No name, no birth date, no 個人番号. */
export const INQUIRY_COLUMNS = ['照会番号', '照会元団体コード', '照会先団体コード', '統合宛名番号', '根拠区分', '事務', '根拠規定', '特定個人情報', '照会日'] as const;

export interface SentInquiry {
  readonly inquiryId: string;
  readonly residentId: string;
  readonly toMunicipality: string;
  readonly basis: InquiryBasis;
  /** SHA-256 of the inquiry file's bytes, as put on the record. */
  readonly fileHash: string;
}

/** The inquiry file: a header and one line, UTF-8, CRLF. Every field is a code, an id, a date or fixed text without commas. */
export function inquiryFile(fields: { inquiryId: string; tenant: string; toMunicipality: string; integratedAddresseeNo: string; basis: InquiryBasis; sentOn: string }): Buffer {
  const basis = INQUIRY_BASES[fields.basis];
  const row = [fields.inquiryId, fields.tenant, fields.toMunicipality, fields.integratedAddresseeNo, fields.basis, basis.affair, basis.provision, basis.information, fields.sentOn];
  return Buffer.from(`${INQUIRY_COLUMNS.join(',')}\r\n${row.join(',')}\r\n`, 'utf8');
}

export async function sendInquiry(
  ctx: SessionContext, residentId: string,
  options: { fromMunicipality: string; basis?: InquiryBasis; write: (bytes: Uint8Array) => Promise<void> },
): Promise<SentInquiry> {
  await ctx.authorize('transfer.inquire', residentId);
  await ctx.upToDate();
  const basis = options.basis ?? 'bangou-19-8-16-2';
  if (!(basis in INQUIRY_BASES)) throw new DomainError('invalid-basis', `the basis must be one of ${Object.keys(INQUIRY_BASES).join(', ')}`);
  const key = docKey(ctx.tenant, residentId);
  const doc = (await ctx.engine.projectionStore.getDocs('residents', [key])).get(key)?.doc as ResidentDoc | undefined;
  const resident = doc ? { status: doc.status, ...(doc.details.integratedAddresseeNo ? { integratedAddresseeNo: doc.details.integratedAddresseeNo } : {}) } : null;
  const check = { residentId, resident, toMunicipality: options.fromMunicipality, tenant: ctx.tenant };
  // Refused before a byte is written: a file that could not be sent is never made.
  const number = checkInquiry(check);
  if (E.isLeft(number)) {
    if (resident === null) await ctx.requireResident(residentId);
    throw number.left;
  }
  const inquiryId = randomUUID();
  const bytes = inquiryFile({ inquiryId, tenant: ctx.tenant, toMunicipality: options.fromMunicipality, integratedAddresseeNo: number.right, basis, sentOn: japanDate(ctx.engine.clock.now()) });
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  // Written (by the caller, to a name not yet published) before the inquiry is on the record, as a 副本 export is.
  await options.write(bytes);
  await ctx.engine.commands.execute({
    stream: streams.inquiry(ctx.tenant, inquiryId), decider: inquiryDecider,
    command: { type: 'SendInquiry', inquiryId, basis, fileHash, ...check },
  }, ctx.meta());
  return { inquiryId, residentId, toMunicipality: options.fromMunicipality, basis, fileHash };
}

export async function importInquiryAnswer(ctx: SessionContext, bytes: Uint8Array, options: InquiryAnswerImportOptions): Promise<InquiryAnswerSummary> {
  await ctx.authorize('transfer.answer');
  await ctx.upToDate();
  return importInquiryAnswerFile(ctx.engine, bytes, ctx.meta('import'), options);
}
