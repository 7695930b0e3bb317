import { produce } from '../immer.ts';
import type { VaccinationFields } from '@vaxledger/domain';
import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';
import { foldProjection } from '../runner/fold.ts';

export interface LedgerHistoryEntry {
  readonly kind: 'recorded' | 'corrected' | 'voided';
  readonly position: number;
  readonly at: string;
  readonly operatorId: string;
  /** For a correction: the items as they were before it, and as they became. */
  readonly before?: Partial<VaccinationFields>;
  readonly after?: Partial<VaccinationFields>;
  readonly reason?: string;
}

export interface LedgerRecord {
  readonly recordId: string;
  readonly status: 'active' | 'voided';
  readonly fields: VaccinationFields;
  readonly source: string;
  readonly identityDocument?: string;
  /** Why a dose already on the ledger was recorded again. */
  readonly duplicateReason?: string;
  readonly warnings: readonly string[];
  readonly recordedAt: string;
  readonly history: readonly LedgerHistoryEntry[];
}

/**
 * 予防接種台帳 of one resident, as read: every record with its corrections and voids, in the order recorded.
 * Assembled from the record documents of the projection ({@link ledgerOf}).
 */
export interface LedgerDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly records: readonly LedgerRecord[];
}

/** The projection's document: one record of one resident. */
export interface LedgerRecordDoc extends LedgerRecord {
  readonly tenant: string;
  readonly residentId: string;
}

/** The key of one record's document; a resident's documents share the prefix {@link ledgerPrefix}. */
export const ledgerRecordKey = (tenant: string, residentId: string, recordId: string) => docKey(tenant, `${residentId}/${recordId}`);
export const ledgerPrefix = (tenant: string, residentId: string) => docKey(tenant, `${residentId}/`);

/**
 * The ledger keeps one document per vaccination record, not one per resident: an event then rewrites only its own
 * record. A document per resident grew with every dose and was serialised and written again whole at every commit
 * that touched it, which in a city's rebuild (1,000,000 residents, no commit page holding them all) was most of the
 * work. A person's erasure ends all of their documents at once (`dropsOf`).
 */
export const ledgerProjection: Projection<LedgerRecordDoc> = {
  name: 'ledger',
  // 3: one document per record (2 kept one per resident, its records as a list; 1 keyed them by record id).
  version: 3,
  keysOf(e: ProjectedEvent) {
    switch (e.event.type) {
      case 'VaccinationRecorded':
      case 'VaccinationCorrected':
      case 'VaccinationVoided':
        return [ledgerRecordKey(e.tenant, e.event.data.residentId, e.event.data.recordId)];
      default:
        return [];
    }
  },
  dropsOf(e: ProjectedEvent) {
    return e.event.type === 'SubjectErased' ? [ledgerPrefix(e.tenant, e.event.data.residentId)] : [];
  },
  evolve(doc, e) {
    const ev = e.event;
    const entry = { position: e.position, at: e.recordedAt, operatorId: e.metadata.operatorId };
    if (ev.type === 'VaccinationRecorded') {
      const { recordId, residentId, source, identityDocument, warnings, duplicateReason, ...fields } = ev.data;
      return {
        tenant: e.tenant, residentId, recordId, status: 'active', fields, source, warnings: [...warnings], recordedAt: e.recordedAt,
        ...(identityDocument === undefined ? {} : { identityDocument }),
        ...(duplicateReason === undefined ? {} : { duplicateReason }),
        history: [{ kind: 'recorded', ...entry }],
      };
    }
    // The decider never corrects or voids a record it does not know; a replay of foreign data must not crash.
    if ((ev.type !== 'VaccinationCorrected' && ev.type !== 'VaccinationVoided') || doc === undefined) return doc;
    return produce(doc, (record) => {
      if (ev.type === 'VaccinationCorrected') {
        const before: Record<string, unknown> = {};
        for (const k of Object.keys(ev.data.changes)) before[k] = (record.fields as Record<string, unknown>)[k] ?? null;
        Object.assign(record.fields, ev.data.changes);
        if (ev.data.warnings) record.warnings = [...ev.data.warnings];
        record.history.push({ kind: 'corrected', ...entry, before: before as Partial<VaccinationFields>, after: { ...ev.data.changes }, reason: ev.data.reason });
      } else {
        record.status = 'voided';
        record.history.push({ kind: 'voided', ...entry, reason: ev.data.reason });
      }
    });
  },
};

/** A resident's ledger from their record documents (any order), or nothing when they have no record. */
export function ledgerOf(tenant: string, residentId: string, docs: Iterable<LedgerRecordDoc>): LedgerDoc | undefined {
  const records = [...docs]
    .filter((d) => d.tenant === tenant && d.residentId === residentId)
    .sort((a, b) => a.history[0]!.position - b.history[0]!.position)
    .map(({ tenant: _t, residentId: _r, ...record }) => record);
  return records.length === 0 ? undefined : { tenant, residentId, records };
}

/** Folds events (a resident's vaccination stream, or any prefix of the store) into that resident's ledger. */
export function foldLedger(tenant: string, residentId: string, events: Iterable<ProjectedEvent>): LedgerDoc | undefined {
  return ledgerOf(tenant, residentId, foldProjection<LedgerRecordDoc>(ledgerProjection, events).values());
}

/** The records currently in force (voided ones left out), in the order they were recorded. */
export function activeRecords(doc: LedgerDoc | undefined): LedgerRecord[] {
  return doc ? doc.records.filter((r) => r.status === 'active') : [];
}
