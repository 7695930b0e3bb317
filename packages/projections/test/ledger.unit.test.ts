import { describe, expect, it } from 'vitest';
import { deterministicId, type VaccinationFields } from '@vaxledger/domain';
import { projectionSpec } from '@vaxledger/domain/testing';
import { foldLedger, ledgerProjection, type LedgerRecordDoc } from '../src/index.ts';
import { domainEvent, projected, projectedErased, RECORDED_AT, TENANT } from './support/projected.ts';

const spec = () => projectionSpec(ledgerProjection);
const residentId = '0001';
const recordId = deterministicId('spec', 'record-1');
/** A record's document: the tenant, the resident, the record (a person's documents share a prefix). */
const key = `${TENANT}/${residentId}/${recordId}`;
const CORRECTED_AT = '2025-04-02T10:00:00.000Z';

const mr1: VaccinationFields = { vaccine: 'mr', dose: 1, date: '2024-05-10', category: 'routine', lot: 'AB12' };
const recordedEvent = (resident = residentId, id = recordId) =>
  domainEvent('VaccinationRecorded', { ...mr1, recordId: id, residentId: resident, source: 'clinic-slip', warnings: ['interval-short'] });
const recorded = projected(recordedEvent());
const asRecorded: LedgerRecordDoc = {
  tenant: TENANT, residentId, recordId, status: 'active', fields: mr1, source: 'clinic-slip', warnings: ['interval-short'], recordedAt: RECORDED_AT,
  history: [{ kind: 'recorded', position: 1, at: RECORDED_AT, operatorId: 'sato.h' }],
};

describe('ledger projection', () => {
  it('VaccinationRecorded: a document for the record, its items apart from its ids, and a first history entry', () => {
    spec().given([]).when(recorded).then({ [key]: asRecorded });
  });

  it('VaccinationRecorded: keeps the identity document and the reason a duplicate dose was recorded', () => {
    const withBoth = domainEvent('VaccinationRecorded', { ...recordedEvent().data, identityDocument: '運転免許証', duplicateReason: '他市町村の記録と重複 (確認済)' });
    spec().given([]).when(projected(withBoth))
      .then({ [key]: { ...asRecorded, identityDocument: '運転免許証', duplicateReason: '他市町村の記録と重複 (確認済)' } });
  });

  it('VaccinationCorrected: changes the items, replaces the warnings, and keeps before and after (null for an item that had none)', () => {
    const corrected = domainEvent('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34', maker: '第一三共' }, reason: 'Lot番号の転記誤り', warnings: [] });
    // LedgerHistoryEntry types `before` as Partial<VaccinationFields>, which has no null; the document holds one.
    const beforeWithNull = { lot: 'AB12', maker: null } as unknown as Partial<VaccinationFields>;
    spec().given([recorded])
      .when(projected(corrected, { position: 2, recordedAt: CORRECTED_AT, metadata: { operatorId: 'suzuki.k' } }))
      .then({
        [key]: {
          ...asRecorded, fields: { ...mr1, lot: 'CD34', maker: '第一三共' }, warnings: [],
          history: [...asRecorded.history, {
            kind: 'corrected', position: 2, at: CORRECTED_AT, operatorId: 'suzuki.k', before: beforeWithNull, after: { lot: 'CD34', maker: '第一三共' }, reason: 'Lot番号の転記誤り',
          }],
        },
      });
  });

  it('VaccinationCorrected: keeps the warnings when the correction gives none', () => {
    const corrected = domainEvent('VaccinationCorrected', { recordId, residentId, changes: { lot: 'CD34' }, reason: 'Lot番号の転記誤り' });
    spec().given([recorded]).when(projected(corrected, { position: 2 })).then((docs) => {
      expect(docs.get(key)?.warnings).toEqual(['interval-short']);
    });
  });

  it('VaccinationVoided: marks the record voided and keeps it, with the reason in its history', () => {
    const voided = domainEvent('VaccinationVoided', { recordId, residentId, reason: '二重登録' });
    spec().given([recorded])
      .when(projected(voided, { position: 2, recordedAt: CORRECTED_AT }))
      .then({
        [key]: { ...asRecorded, status: 'voided', history: [...asRecorded.history, { kind: 'voided', position: 2, at: CORRECTED_AT, operatorId: 'sato.h', reason: '二重登録' }] },
      });
  });

  it('a correction or a void of a record it does not know changes nothing', () => {
    const other = deterministicId('spec', 'record-2');
    spec().given([recorded])
      .when(
        projected(domainEvent('VaccinationCorrected', { recordId: other, residentId, changes: { lot: 'CD34' }, reason: '訂正' }), { position: 2 }),
        projected(domainEvent('VaccinationVoided', { recordId: other, residentId, reason: '二重登録' }), { position: 3 }),
      )
      .thenUnchanged();
  });

  it('SubjectErased: drops every record of the person, and only theirs (not an id they prefix, not another tenant\'s)', () => {
    const longerId = projected(recordedEvent('00010', deterministicId('spec', 'record-3')), { position: 2 });
    const otherTenant = projected(recordedEvent(), { position: 3, tenant: '011002' });
    const second = projected(recordedEvent(residentId, deterministicId('spec', 'record-4')), { position: 4 });
    const erased = projected(domainEvent('SubjectErased', { residentId, reason: '保存期間の満了', withinRetention: false, slipIds: [] }), { position: 5 });
    spec().given([recorded, longerId, otherTenant, second]).when(erased).then((docs) => {
      expect([...docs.keys()].sort()).toEqual([`011002/${residentId}/${recordId}`, `${TENANT}/00010/${deterministicId('spec', 'record-3')}`]);
    });
  });

  it('ignores the sealed remains of an erased person\'s events, and events of other kinds', () => {
    spec().given([recorded])
      .when(
        projectedErased(recordedEvent(residentId, deterministicId('spec', 'record-5')), { position: 2 }),
        projected(domainEvent('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31' }), { position: 3 }),
        projected(domainEvent('ConditionRecorded', { residentId, condition: 'long-term-illness' }), { position: 4 }),
      )
      .thenUnchanged();
  });

  it('foldLedger: a resident\'s records assembled in the order recorded', () => {
    const later = deterministicId('spec', 'record-0');
    const ledger = foldLedger(TENANT, residentId, [projected(recordedEvent(residentId, later), { position: 7 }), recorded]);
    expect(ledger?.records.map((r) => r.recordId)).toEqual([recordId, later]);
    expect(foldLedger(TENANT, 'nobody', [recorded])).toBeUndefined();
  });
});
