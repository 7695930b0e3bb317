// Aggregate and audit reads: statistics that identify nobody, and the operation log, each read itself on the record.
// Each export is documented on `Session`, which hosts call.
import { DomainError, PURPOSES } from '@vaxledger/domain';
import { computeStatistics, docKey, type RetainedStatisticsDoc, lastOperationLogEntries, readSelectedOperationLog, type OplogEntry, type OplogSelection, type StatisticsReport } from '@vaxledger/projections';
import type { SessionContext } from './context.ts';
import { parseAsOf } from './ledger-reads.ts';

export interface OplogFilter extends OplogSelection {
  readonly limit?: number;
  /** Check each entry's chain link as it is read; a broken one stops the reading (an integrity error naming its position). */
  readonly verifyLinks?: boolean;
}

/** How an action id is spelled (ledger.view, resident.register): anything else cannot match, and is refused. */
const ACTION_ID = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * The selection checked and its instants made exact (a date alone is 00:00 JST, as for --as-of), with the filters as
 * the read records them: names and values of the filters, never a person's data (a resident asked for is recorded as
 * the read's residentId, as before).
 */
function checkedSelection(selection: OplogSelection & { verifyLinks?: boolean }): { selection: OplogSelection; criteria: string[] } {
  if (selection.purpose !== undefined && !(PURPOSES as readonly string[]).includes(selection.purpose)) {
    throw new DomainError('unknown-purpose', `the purpose to select must be one of ${PURPOSES.join(', ')}`);
  }
  if (selection.action !== undefined && (selection.action.length > 60 || !ACTION_ID.test(selection.action))) {
    throw new DomainError('invalid-action', 'the action to select is an action id such as ledger.view or resident.register');
  }
  const instant = (text: string | undefined, flag: string) => {
    if (text === undefined) return undefined;
    try {
      return parseAsOf(text).instant;
    } catch {
      throw new DomainError('invalid-instant', `${flag} is not a date (YYYY-MM-DD, taken as 00:00 JST) or an ISO 8601 instant`);
    }
  };
  const from = instant(selection.from, '--from');
  const to = instant(selection.to, '--to');
  if (from !== undefined && to !== undefined && from > to) throw new DomainError('invalid-window', '--from is after --to');
  const checked: OplogSelection = {
    ...(selection.resident === undefined ? {} : { resident: selection.resident }),
    ...(selection.byOperator === undefined ? {} : { byOperator: selection.byOperator }),
    ...(selection.outcome === undefined ? {} : { outcome: selection.outcome }),
    ...(selection.purpose === undefined ? {} : { purpose: selection.purpose }),
    ...(selection.action === undefined ? {} : { action: selection.action }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
  const criteria = [
    ...(checked.byOperator === undefined ? [] : [`byOperator=${checked.byOperator}`]),
    ...(checked.outcome === undefined ? [] : [`outcome=${checked.outcome}`]),
    ...(checked.purpose === undefined ? [] : [`purpose=${checked.purpose}`]),
    ...(checked.action === undefined ? [] : [`action=${checked.action}`]),
    ...(from === undefined ? [] : [`from=${from}`]),
    ...(to === undefined ? [] : [`to=${to}`]),
    ...(selection.verifyLinks ? ['verify'] : []),
  ].map((c) => c.slice(0, 80));
  return { selection: checked, criteria };
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
  const { selection, criteria } = checkedSelection(filter);
  const options = { verifyLinks: filter.verifyLinks === true };
  let shown: OplogEntry[];
  if (filter.limit !== undefined) shown = await lastOperationLogEntries(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, filter.limit, selection, options);
  else {
    shown = [];
    for await (const entry of readSelectedOperationLog(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, selection, options)) shown.push(entry);
  }
  await ctx.logRead('oplog.view', ['operationLog'], { residentId: filter.resident, count: shown.length, ...(criteria.length > 0 ? { criteria } : {}) });
  return shown;
}

export async function* operationLogEntries(ctx: SessionContext, asked: OplogSelection & { verifyLinks?: boolean } = {}): AsyncIterable<OplogEntry> {
  // Authorized, checked (bad input after authorization is on the record, as for every call) and logged before any entry.
  const { selection, head } = await ctx.run(async () => {
    await ctx.authorize('oplog.view', asked.resident);
    const { selection, criteria } = checkedSelection(asked);
    const head = Number((await ctx.engine.storedRows.head()).position);
    await ctx.logRead('oplog.view', ['operationLog'], { residentId: asked.resident, ...(criteria.length > 0 ? { criteria } : {}) });
    return { selection, head };
  });
  for await (const entry of readSelectedOperationLog(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, selection, { verifyLinks: asked.verifyLinks === true })) {
    if (entry.position > head) return;
    yield entry;
  }
}
