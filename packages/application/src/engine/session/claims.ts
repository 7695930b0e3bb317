// 委託医療機関, the fee table and the monthly claims (委託料請求): docs/claims.md.
// Each export is documented on `Session`, which hosts call.
import { createHash } from 'node:crypto';
import {
  buildClaims, claimDecider, claimReportDecider, reconcileClaim, clinicDecider, DomainError, EXCLUSION_REASONS, feeTableDecider, MONTH_PATTERN, recordedEventOf,
  RECORDED_FEE_EXEMPTION, storedRowsMatching, streams,
  type ClaimApproval, type ClaimClinic, type ClaimExamination, type ClaimHeldSlip, type ClaimRecord, type ClaimState, type ClinicClaim, type EventData, type EventOf, type FeeTable,
  type ReconcileOutcome, type TheirClaimLine, type Vaccine,
} from '@vaxledger/domain';
import { docKey, type EligibilityDoc, type ExaminationDoc, type LedgerRecordDoc, type SuspenseDoc } from '@vaxledger/projections';
import { isFeeExemptOn } from './special-statuses.ts';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

export interface ClinicView extends ClaimClinic {
  readonly registeredOn: string;
}

/** One clinic's claim of the month, and where it stands (未承認, 承認済 with its amount, 支払済 with its date). */
export interface ClinicClaimView extends ClinicClaim {
  readonly status: 'open' | 'approved' | 'paid';
  readonly approvedOn?: string;
  readonly approvedAmount?: number;
  readonly paidOn?: string;
}

export interface ClaimsView {
  readonly month: string;
  readonly feeTable: { readonly name: string; readonly sha256: string };
  readonly clinics: readonly ClinicClaimView[];
}

const CLINIC_ITEMS = ['clinicNo', 'name', 'location', 'registeredOn'];
/** What a claim shows of each person's dose: the items of the record it pays (or does not), by name. */
const CLAIM_ITEMS = ['residentId', 'recordId', 'vaccine', 'dose', 'date', 'clinicNo', 'category', 'fee', 'coPayment', 'amount', 'exclusionReason'];

function checkMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) throw new DomainError('invalid-month', '--month must be a month (YYYY-MM)', 'invalid-input');
}

export async function registerClinic(ctx: SessionContext, input: { clinicNo: string; name: string; location: 'inside-city' | 'outside-city' }): Promise<ClinicView> {
  await ctx.authorize('clinic.manage');
  const today = japanDate(ctx.engine.clock.now());
  await ctx.engine.commands.execute({
    stream: streams.clinic(ctx.tenant, input.clinicNo), decider: clinicDecider,
    command: { type: 'RegisterClinic', ...input, today },
  }, ctx.meta());
  return { clinicNo: input.clinicNo, name: input.name.trim(), location: input.location, registeredOn: today };
}

async function readClinics(ctx: SessionContext): Promise<ClinicView[]> {
  const out: ClinicView[] = [];
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'ClinicRegistered' })) {
    const d = recordedEventOf(row).data as EventData<'ClinicRegistered'>;
    out.push({ clinicNo: d.clinicNo, name: d.name, location: d.location, registeredOn: d.registeredOn });
  }
  return out.sort((a, b) => a.clinicNo.localeCompare(b.clinicNo));
}

export async function listClinics(ctx: SessionContext): Promise<ClinicView[]> {
  await ctx.authorize('clinic.view');
  const clinics = await readClinics(ctx);
  await ctx.logRead('clinic.view', CLINIC_ITEMS, { count: clinics.length });
  return clinics;
}

/** Loads a fee table file's text (JSON, docs/claims.md): checked whole, then on the record with its SHA-256. */
export async function loadFeeTable(ctx: SessionContext, input: { fileName: string; text: string }): Promise<{ name: string; sha256: string; fees: number }> {
  await ctx.authorize('fees.manage');
  let table: unknown;
  try {
    table = JSON.parse(input.text);
  } catch (error) {
    throw new DomainError('invalid-fee-table', `${input.fileName}: not JSON (${(error as Error).message.slice(0, 80)})`, 'invalid-input');
  }
  const sha256 = createHash('sha256').update(input.text, 'utf8').digest('hex');
  const { events } = await ctx.engine.commands.execute({
    stream: streams.feeTable(ctx.tenant), decider: feeTableDecider, command: { type: 'SetFeeTable', table, sha256, fileName: input.fileName },
  }, ctx.meta());
  const loaded = events[0]!.data.table;
  return { name: loaded.name, sha256, fees: loaded.fees.length };
}

async function feeTableInForce(ctx: SessionContext): Promise<{ table: FeeTable; sha256: string }> {
  let last: EventData<'FeeTableSet'> | undefined;
  for await (const e of ctx.engine.store.readStream(streams.feeTable(ctx.tenant))) last = e.data as EventData<'FeeTableSet'>;
  if (!last) throw new DomainError('no-fee-table', 'no fee table is loaded (vaxledger fees load FILE)', 'invalid-input');
  return { table: last.table, sha256: last.sha256 };
}

async function readApprovals(ctx: SessionContext): Promise<(ClaimApproval & { data: EventData<'ClaimApproved'> })[]> {
  const out: (ClaimApproval & { data: EventData<'ClaimApproved'> })[] = [];
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'ClaimApproved' })) {
    const data = recordedEventOf(row).data as EventData<'ClaimApproved'>;
    out.push({ clinicNo: data.clinicNo, month: data.month, lines: data.lines, excludedRefs: data.excludedRefs, data });
  }
  return out;
}

async function claimState(ctx: SessionContext, clinicNo: string, month: string): Promise<ClaimState> {
  let state: ClaimState = claimDecider.initialState;
  for await (const e of ctx.engine.store.readStream(streams.claim(ctx.tenant, clinicNo, month))) {
    state = claimDecider.evolve(state, { type: e.type, data: e.data } as EventOf<'ClaimApproved' | 'ClaimPaid'>);
  }
  return state;
}

/** Every dose on the ledger that came from a clinic slip, with the person's co-payment exemption on the day. */
async function slipRecords(ctx: SessionContext): Promise<ClaimRecord[]> {
  const out: ClaimRecord[] = [];
  // One eligibility document per person however many doses they have this month.
  const eligibility = new Map<string, Promise<EligibilityDoc | undefined>>();
  const eligibilityOf = (residentId: string) => {
    let doc = eligibility.get(residentId);
    if (!doc) eligibility.set(residentId, (doc = ctx.eligibilityDoc(residentId)));
    return doc;
  };
  for await (const { doc } of ctx.engine.projectionStore.scan('ledger', { prefix: docKey(ctx.tenant, '') })) {
    const r = doc as LedgerRecordDoc;
    if (r.source !== 'clinic-slip') continue;
    // The city's record of exemptions first (the host's port, then a fee-exemption period recorded as a condition);
    // else what the clinic wrote on the slip (免除区分).
    const exemption = (await ctx.engine.coPaymentExemptions.exemptionOf(ctx.tenant, r.residentId, r.fields.date))
      ?? (isFeeExemptOn(await eligibilityOf(r.residentId), r.fields.date) ? RECORDED_FEE_EXEMPTION : undefined)
      ?? r.fields.exemptionClass;
    out.push({
      recordId: r.recordId, residentId: r.residentId, ...(r.fields.clinicNo ? { clinicNo: r.fields.clinicNo } : {}),
      vaccine: r.fields.vaccine, dose: r.fields.dose, date: r.fields.date, category: r.fields.category, warnings: r.warnings,
      status: r.status, recordedAt: r.recordedAt, ...(exemption === undefined ? {} : { exemption }),
    });
  }
  return out;
}

async function examinationRecords(ctx: SessionContext): Promise<ClaimExamination[]> {
  const out: ClaimExamination[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('examinations', { prefix: docKey(ctx.tenant, '') })) {
    const x = doc as ExaminationDoc;
    out.push({ recordId: x.recordId, residentId: x.residentId, ...(x.clinicNo ? { clinicNo: x.clinicNo } : {}), vaccine: x.vaccine as Vaccine, dose: x.dose, date: x.date, recordedAt: x.recordedAt });
  }
  return out;
}

async function heldSlips(ctx: SessionContext): Promise<ClaimHeldSlip[]> {
  const out: ClaimHeldSlip[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('suspense', { prefix: docKey(ctx.tenant, '') })) {
    const s = doc as SuspenseDoc;
    if (s.source !== undefined || !s.slip) continue;
    out.push({
      slipId: s.slipId, ...(s.slip.clinicNo ? { clinicNo: s.slip.clinicNo } : {}), vaccine: s.slip.vaccine as Vaccine, dose: s.slip.dose, date: s.slip.date,
      reason: s.reason, status: s.status, heldAt: s.heldAt,
    });
  }
  return out;
}

async function computeClaims(ctx: SessionContext, month: string, clinicNo: string | undefined) {
  checkMonth(month);
  await ctx.upToDate();
  const fees = await feeTableInForce(ctx);
  const clinics = new Map((await readClinics(ctx)).map((c) => [c.clinicNo, { clinicNo: c.clinicNo, name: c.name, location: c.location }]));
  const approvals = await readApprovals(ctx);
  const claims = buildClaims(month, { records: await slipRecords(ctx), examinations: await examinationRecords(ctx), held: await heldSlips(ctx), clinics, approvals, table: fees.table }, clinicNo);
  // A registered clinic with nothing this month still has a claim (of zero): asked for by number, it is shown.
  if (clinicNo !== undefined && claims.length === 0 && clinics.has(clinicNo)) {
    claims.push({ clinicNo, clinic: clinics.get(clinicNo)!, lines: [], excluded: [], totals: { doses: 0, examinations: 0, fee: 0, coPayment: 0, amount: 0 } });
  }
  return { fees, claims };
}

export async function buildMonthClaims(ctx: SessionContext, options: { month: string; clinicNo?: string }): Promise<ClaimsView> {
  await ctx.authorize('claims.view');
  const { fees, claims } = await computeClaims(ctx, options.month, options.clinicNo);
  const views: ClinicClaimView[] = [];
  for (const claim of claims) {
    const state = await claimState(ctx, claim.clinicNo, options.month);
    views.push({
      ...claim, status: state.status,
      ...(state.status === 'open' ? {} : { approvedOn: state.approvedOn, approvedAmount: state.amount }),
      ...(state.status === 'paid' ? { paidOn: state.paidOn } : {}),
    });
  }
  const count = views.reduce((n, c) => n + c.lines.length + c.excluded.length, 0);
  await ctx.logRead('claims.view', CLAIM_ITEMS, { count });
  return { month: options.month, feeTable: { name: fees.table.name, sha256: fees.sha256 }, clinics: views };
}

/** Approves one clinic's claim of the month as it is built now: its lines and totals fixed in ClaimApproved. */
export async function approveClaim(ctx: SessionContext, options: { month: string; clinicNo: string }): Promise<EventData<'ClaimApproved'>> {
  await ctx.authorize('claims.approve');
  const { fees, claims } = await computeClaims(ctx, options.month, options.clinicNo);
  const claim = claims[0];
  if (!claim?.clinic) throw new DomainError('unknown-clinic', `no clinic ${options.clinicNo} is registered (vaxledger clinic add)`, 'not-found');
  const counts = new Map<string, { vaccine: Vaccine; dose: number; doses: number; amount: number }>();
  for (const l of claim.lines) {
    if (l.kind !== 'dose') continue;
    const key = `${l.vaccine}/${l.dose}`;
    const c = counts.get(key) ?? { vaccine: l.vaccine, dose: l.dose, doses: 0, amount: 0 };
    counts.set(key, { ...c, doses: c.doses + 1, amount: c.amount + l.amount });
  }
  const excluded: Record<string, number> = {};
  for (const reason of EXCLUSION_REASONS) {
    const n = claim.excluded.filter((e) => e.reason === reason).length;
    if (n > 0) excluded[reason] = n;
  }
  const approval: EventData<'ClaimApproved'> = {
    clinicNo: claim.clinicNo, month: options.month, approvedOn: japanDate(ctx.engine.clock.now()),
    lines: claim.lines.map((l) => ({ recordId: l.recordId, fee: l.fee, coPayment: l.coPayment, amount: l.amount })),
    counts: [...counts.values()].sort((a, b) => a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose),
    // Held slips are listed in the month they were held whatever the approvals: only records are kept here.
    excludedRefs: claim.excluded.filter((e) => e.residentId !== undefined).map((e) => e.ref),
    excluded, totals: claim.totals, feeTableSha256: fees.sha256,
  };
  await ctx.engine.commands.execute({
    stream: streams.claim(ctx.tenant, claim.clinicNo, options.month), decider: claimDecider, command: { type: 'ApproveClaim', approval },
  }, ctx.meta());
  return approval;
}

export async function recordClaimPaid(ctx: SessionContext, options: { month: string; clinicNo: string; paidOn: string }): Promise<EventData<'ClaimPaid'>> {
  await ctx.authorize('claims.pay');
  checkMonth(options.month);
  const state = await claimState(ctx, options.clinicNo, options.month);
  await ctx.engine.commands.execute({
    stream: streams.claim(ctx.tenant, options.clinicNo, options.month), decider: claimDecider,
    command: { type: 'RecordClaimPaid', clinicNo: options.clinicNo, month: options.month, paidOn: options.paidOn },
  }, ctx.meta());
  return { clinicNo: options.clinicNo, month: options.month, paidOn: options.paidOn, amount: state.status === 'open' ? 0 : state.amount };
}

export interface ReconcileView {
  readonly month: string;
  readonly clinicNo: string;
  readonly outcomes: readonly ReconcileOutcome[];
  readonly counts: { readonly matched: number; readonly 'amount-differs': number; readonly 'only-theirs': number; readonly 'only-ours': number };
}

/** A clinic's own claim (rows read from its file) against the city's claim of the month for it, line by line. */
export async function reconcileMonthClaim(ctx: SessionContext, options: { month: string; clinicNo: string; theirs: readonly TheirClaimLine[] }): Promise<ReconcileView> {
  await ctx.authorize('claims.view');
  const { claims } = await computeClaims(ctx, options.month, options.clinicNo);
  const claim = claims[0];
  if (!claim?.clinic) throw new DomainError('unknown-clinic', `no clinic ${options.clinicNo} is registered (vaxledger clinic add)`, 'not-found');
  const outcomes = reconcileClaim(claim.lines, options.theirs);
  const counts = { matched: 0, 'amount-differs': 0, 'only-theirs': 0, 'only-ours': 0 };
  for (const o of outcomes) counts[o.kind] += 1;
  await ctx.logRead('claims.view', CLAIM_ITEMS, { count: outcomes.length });
  return { month: options.month, clinicNo: options.clinicNo, outcomes, counts };
}

export interface ClaimReportRow {
  /** A dose, or examinations that ended without one (予診のみ). */
  readonly kind: 'dose' | 'examination';
  readonly clinicNo: string;
  readonly name: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly doses: number;
  readonly fee: number;
  readonly coPayment: number;
  readonly amount: number;
}

/** 実施報告書: per registered clinic, the month's paid doses by vaccine and dose with their amounts; its printing is recorded. */
export async function printClaimReport(ctx: SessionContext, options: { month: string }): Promise<{ month: string; printedOn: string; rows: ClaimReportRow[] }> {
  await ctx.authorize('claims.report');
  const { claims } = await computeClaims(ctx, options.month, undefined);
  const rows: ClaimReportRow[] = [];
  for (const claim of claims) {
    if (!claim.clinic) continue;
    const byDose = new Map<string, ClaimReportRow>();
    for (const l of claim.lines) {
      const key = `${l.kind}/${l.vaccine}/${l.dose}`;
      const r = byDose.get(key) ?? { kind: l.kind, clinicNo: claim.clinicNo, name: claim.clinic.name, vaccine: l.vaccine, dose: l.dose, doses: 0, fee: 0, coPayment: 0, amount: 0 };
      byDose.set(key, { ...r, doses: r.doses + 1, fee: r.fee + l.fee, coPayment: r.coPayment + l.coPayment, amount: r.amount + l.amount });
    }
    rows.push(...[...byDose.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose));
  }
  const printedOn = japanDate(ctx.engine.clock.now());
  await ctx.engine.commands.execute({
    stream: streams.claimReport(ctx.tenant, options.month), decider: claimReportDecider,
    command: {
      type: 'PrintClaimReport',
      report: { month: options.month, printedOn, clinics: new Set(rows.map((r) => r.clinicNo)).size, doses: rows.filter((r) => r.kind === 'dose').reduce((n, r) => n + r.doses, 0), amount: rows.reduce((n, r) => n + r.amount, 0) },
    },
  }, ctx.meta());
  return { month: options.month, printedOn, rows };
}
