// Aggregate and audit reads: statistics that identify nobody, and the operation log, each read itself on the record.
// Each export is documented on `Session`, which hosts call.
import { DomainError } from '@vaxledger/domain';
import { computeStatistics, docKey, type RetainedStatisticsDoc, lastOperationLogEntries, readSelectedOperationLog, type OplogEntry, type OplogSelection, type StatisticsReport } from '@vaxledger/projections';
import type { SessionContext } from './context.ts';

export interface OplogFilter extends OplogSelection {
  readonly limit?: number;
}

export async function statistics(ctx: SessionContext, fiscalYear: number): Promise<StatisticsReport> {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1900 || fiscalYear > 2200) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
  await ctx.authorize('statistics.view');
  await ctx.upToDate();
  const docs = await ctx.engine.eligibilityDocs();
  const retainedKey = docKey(ctx.tenant, 'retained');
  const retained = (await ctx.engine.projectionStore.getDocs('retained-statistics', [retainedKey])).get(retainedKey)?.doc as RetainedStatisticsDoc | undefined;
  const report = computeStatistics(docs, fiscalYear, ctx.engine.rules, retained?.cells ?? []);
  await ctx.logRead('statistics.view', ['aggregateCounts'], { count: report.doses.length + report.coverage.length });
  return report;
}

export async function operationLog(ctx: SessionContext, filter: OplogFilter = {}): Promise<OplogEntry[]> {
  if (filter.limit !== undefined && (!Number.isSafeInteger(filter.limit) || filter.limit < 0)) {
    throw new DomainError('invalid-limit', 'the number of entries to show must be a whole number, 0 or more');
  }
  await ctx.authorize('oplog.view', filter.resident);
  let shown: OplogEntry[];
  if (filter.limit !== undefined) shown = await lastOperationLogEntries(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, filter.limit, filter);
  else {
    shown = [];
    for await (const entry of readSelectedOperationLog(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, filter)) shown.push(entry);
  }
  await ctx.logRead('oplog.view', ['operationLog'], { residentId: filter.resident, count: shown.length });
  return shown;
}

export async function* operationLogEntries(ctx: SessionContext, selection: OplogSelection = {}): AsyncIterable<OplogEntry> {
  await ctx.authorize('oplog.view', selection.resident);
  const head = Number((await ctx.engine.storedRows.head()).position);
  await ctx.logRead('oplog.view', ['operationLog'], { residentId: selection.resident });
  for await (const entry of readSelectedOperationLog(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, selection)) {
    if (entry.position > head) return;
    yield entry;
  }
}
