import { produce } from '../immer.ts';
import type { VaccinationFields } from '@vaxledger/domain';
import { docKey, type ProjectedEvent, type Projection } from '../projection.ts';

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
  readonly warnings: readonly string[];
  readonly recordedAt: string;
  readonly history: readonly LedgerHistoryEntry[];
}

/**
 * 予防接種台帳: one document per resident, every record with its corrections and voids, in the order recorded.
 * A list, not an object keyed by record id: every record id is a new property name, and V8 builds a new hidden class
 * for each (adding a record cost 13-18 µs in a rebuild, and every load of a document paid it again in JSON.parse).
 */
export interface LedgerDoc {
  readonly tenant: string;
  readonly residentId: string;
  readonly records: readonly LedgerRecord[];
}

export const ledgerProjection: Projection<LedgerDoc> = {
  name: 'ledger',
  // 2: records as a list in recorded order (1 kept them keyed by record id, with the order beside them).
  version: 2,
  keysOf(e: ProjectedEvent) {
    switch (e.event.type) {
      case 'VaccinationRecorded':
      case 'VaccinationCorrected':
      case 'VaccinationVoided':
      case 'SubjectErased':
        return [docKey(e.tenant, e.event.data.residentId)];
      default:
        return [];
    }
  },
  evolve(doc, e) {
    const ev = e.event;
    if (ev.type === 'SubjectErased') return undefined;
    if (ev.type !== 'VaccinationRecorded' && ev.type !== 'VaccinationCorrected' && ev.type !== 'VaccinationVoided') return doc;
    const base: LedgerDoc = doc ?? { tenant: e.tenant, residentId: ev.data.residentId, records: [] };
    const entry = { position: e.position, at: e.recordedAt, operatorId: e.metadata.operatorId };
    if (ev.type === 'VaccinationRecorded') {
      // Most events in a store are this one: a record appended to a copied list costs a tenth of an immer draft.
      const { recordId, residentId: _r, source, identityDocument, warnings, ...fields } = ev.data;
      const record: LedgerRecord = {
        recordId, status: 'active', fields, source, warnings: [...warnings], recordedAt: e.recordedAt,
        ...(identityDocument === undefined ? {} : { identityDocument }),
        history: [{ kind: 'recorded', ...entry }],
      };
      return { ...base, records: [...base.records, record] };
    }
    return produce(base, (draft) => {
      const record = draft.records.find((r) => r.recordId === ev.data.recordId);
      if (!record) return; // the decider never lets this happen; a replay of foreign data must not crash
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

/** The records currently in force (voided ones left out), in the order they were recorded. */
export function activeRecords(doc: LedgerDoc | undefined): LedgerRecord[] {
  return doc ? doc.records.filter((r) => r.status === 'active') : [];
}
