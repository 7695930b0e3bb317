// 法定報告: the annual 地域保健・健康増進事業報告 and the monthly 接種状況報告, aggregate counts of routine doses that
// identify nobody, the read itself on the record. Each export is documented on `Session`, which hosts call.
import { DomainError } from '@vaxledger/domain';
import { annualReport, monthlyReport, type LedgerRecordDoc, type ReportAudience, type ReportDose, type StatutoryReport } from '@vaxledger/projections';
import type { SessionContext } from './context.ts';

export interface ReportOptions {
  /** `published` suppresses every cell under 10 persons; `submitted` (the default) gives the exact counts the law asks. */
  readonly audience?: ReportAudience;
}

/** Every routine (定期) dose in force, with the person's birth date: what both reports count. */
async function routineDoses(ctx: SessionContext): Promise<ReportDose[]> {
  const births = new Map<string, string | undefined>();
  for (const d of await ctx.engine.eligibilityDocs()) births.set(d.residentId, d.birthDate);
  const doses: ReportDose[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('ledger', { prefix: `${ctx.tenant}/` })) {
    const r = doc as LedgerRecordDoc;
    if (r.status !== 'active' || r.fields.category !== 'routine') continue;
    const birthDate = births.get(r.residentId);
    doses.push({ residentId: r.residentId, vaccine: r.fields.vaccine, dose: r.fields.dose, date: r.fields.date, ...(birthDate ? { birthDate } : {}) });
  }
  return doses;
}

function audienceOf(options: ReportOptions): ReportAudience {
  const audience = options.audience ?? 'submitted';
  if (audience !== 'submitted' && audience !== 'published') throw new DomainError('invalid-audience', 'the audience is submitted or published');
  return audience;
}

export async function annualStatutoryReport(ctx: SessionContext, fiscalYear: number, options: ReportOptions = {}): Promise<StatutoryReport> {
  await ctx.authorize('statistics.view');
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1900 || fiscalYear > 2200) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
  const audience = audienceOf(options);
  await ctx.upToDate();
  const report = annualReport(await routineDoses(ctx), fiscalYear, audience);
  await ctx.logRead('statistics.view', ['aggregateCounts'], { count: report.cells.length });
  return report;
}

export async function monthlyStatutoryReport(ctx: SessionContext, month: string, options: ReportOptions = {}): Promise<StatutoryReport> {
  await ctx.authorize('statistics.view');
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new DomainError('invalid-month', '--month must be a month such as 2025-06');
  const audience = audienceOf(options);
  await ctx.upToDate();
  const report = monthlyReport(await routineDoses(ctx), month, audience);
  await ctx.logRead('statistics.view', ['aggregateCounts'], { count: report.cells.length });
  return report;
}
