import { describe, expect, it } from 'vitest';
import { deterministicId, GENESIS_HASH, type DomainEvent } from '@vaxledger/domain';
import { entryMatches, oplogEntryOf, type OplogEntry } from '../src/index.ts';
import { CHAIN_HASH, domainEvent, projected, projectedErased, RECORDED_AT, TENANT } from './support/projected.ts';

// The operation log is not a reducer: each event is one entry (oplogEntryOf). Specified as "this event, then this entry".

const residentId = '0001';
const recordId = deterministicId('spec', 'record-1');
const slipId = deterministicId('spec', 'slip-1');

/** What every entry of an event at position 1 by sato.h for registration holds besides its own items. */
const envelope = {
  position: 1, at: RECORDED_AT, tenant: TENANT, operator: 'sato.h', purpose: 'registration', eventId: deterministicId('spec-event', '1'),
  correlationId: 'spec-correlation', source: 'spec', hash: CHAIN_HASH, previousHash: GENESIS_HASH,
} as const;

const vaccinated = domainEvent('VaccinationRecorded', { vaccine: 'mr', dose: 1, date: '2024-05-10', category: 'routine', lot: 'AB12', recordId, residentId, source: 'clinic-slip', warnings: [] });
const changed = domainEvent('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地', phone: '022-000-0000' }, movement: '転居' });
const slipHeld = domainEvent('SlipHeld', {
  slipId, batchId: deterministicId('spec', 'batch-1'), line: 7, reason: 'no-such-resident', namedResidentId: '0009',
  slip: { residentId: '0009', kanaName: 'ヤマダ タロウ', birthDate: '2024-04-01', sex: 'male', vaccine: 'hib', dose: 1, date: '2024-06-03' },
});

describe('operation log: the entry of an event', () => {
  it('a write: its action, whose record, the names of the items written (never their values), allowed', () => {
    expect(oplogEntryOf(projected(vaccinated, { metadata: { roles: ['registration'] } }))).toEqual({
      ...envelope, roles: ['registration'], action: 'vaccination.record', resident: residentId,
      items: ['category', 'date', 'dose', 'lot', 'source', 'vaccine', 'warnings'], outcome: 'allowed', eventType: 'VaccinationRecorded',
    } satisfies OplogEntry);
  });

  it('a change: the names of the items changed', () => {
    expect(oplogEntryOf(projected(changed))).toEqual({
      ...envelope, action: 'resident.change', resident: residentId, items: ['address', 'phone'], outcome: 'allowed', eventType: 'ResidentDetailsChanged',
    } satisfies OplogEntry);
  });

  it('a read: the action and the items it showed', () => {
    expect(oplogEntryOf(projected(domainEvent('RecordViewed', { action: 'ledger.show', residentId, items: ['vaccine', 'date'] })))).toEqual({
      ...envelope, action: 'ledger.show', resident: residentId, items: ['vaccine', 'date'], outcome: 'allowed', eventType: 'RecordViewed',
    } satisfies OplogEntry);
  });

  it('a denial: denied, and why', () => {
    expect(oplogEntryOf(projected(domainEvent('AccessDenied', { action: 'ledger.show', residentId, reason: 'purpose-not-allowed' })))).toEqual({
      ...envelope, action: 'ledger.show', resident: residentId, items: [], outcome: 'denied', reason: 'purpose-not-allowed', eventType: 'AccessDenied',
    } satisfies OplogEntry);
  });

  it('a rejection of bad input: rejected, with the error\'s code', () => {
    expect(oplogEntryOf(projected(domainEvent('OperationRejected', { action: 'import.registry', reason: 'invalid-file', count: 3 })))).toEqual({
      ...envelope, action: 'import.registry', items: [], outcome: 'rejected', reason: 'invalid-file', eventType: 'OperationRejected',
    } satisfies OplogEntry);
  });

  it('a held slip: about the resident the slip names', () => {
    expect(oplogEntryOf(projected(slipHeld))).toMatchObject({ action: 'slip.hold', resident: '0009', eventType: 'SlipHeld' });
  });

  it('an event about no resident: no resident', () => {
    const entry = oplogEntryOf(projected(domainEvent('OperatorUnlocked', { operatorId: 'suzuki.k' })));
    expect(entry).toMatchObject({ action: 'operator.unlock', items: [], outcome: 'allowed' });
    expect(entry).not.toHaveProperty('resident');
  });

  it.each<[string, DomainEvent]>([
    ['VaccinationRecorded', vaccinated],
    ['ResidentDetailsChanged', changed],
    ['SlipHeld', slipHeld],
    ['SubjectErased', domainEvent('SubjectErased', { residentId, reason: '保存期間の満了', withinRetention: false, slipIds: [slipId] })],
    ['OperatorDeactivated', domainEvent('OperatorDeactivated', { operatorId: 'suzuki.k', reason: '人事異動' })],
  ])('%s: the same entry once its sealed items can no longer be read', (_type, event) => {
    const remains = projectedErased(event);
    expect(remains.event.type).toBe('Erased');
    expect(oplogEntryOf(remains)).toEqual(oplogEntryOf(projected(event)));
  });
});

describe('operation log: which entries a selection takes', () => {
  const entry = oplogEntryOf(projected(vaccinated));
  const denial = oplogEntryOf(projected(domainEvent('AccessDenied', { action: 'ledger.show', residentId, reason: 'purpose-not-allowed' }), { metadata: { operatorId: 'suzuki.k' } }));

  it('takes every entry when nothing is asked', () => {
    expect([entry, denial].filter(entryMatches({}))).toEqual([entry, denial]);
  });

  it('takes entries by resident, by operator and by outcome, all asked at once', () => {
    expect([entry, denial].filter(entryMatches({ resident: residentId, byOperator: 'suzuki.k' }))).toEqual([denial]);
    expect([entry, denial].filter(entryMatches({ resident: residentId, outcome: 'allowed' }))).toEqual([entry]);
    expect([entry, denial].filter(entryMatches({ resident: '0002' }))).toEqual([]);
  });

  it('takes entries by purpose, by exact action id, and within a window of instants, both ends included', () => {
    const audit = oplogEntryOf(projected(domainEvent('RecordViewed', { action: 'oplog.view', items: ['operationLog'] }), { metadata: { purpose: 'audit' } }));
    expect([entry, denial, audit].filter(entryMatches({ purpose: 'audit' }))).toEqual([audit]);
    expect([entry, denial, audit].filter(entryMatches({ action: 'ledger.show' }))).toEqual([denial]);
    expect([entry, denial, audit].filter(entryMatches({ action: 'ledger' }))).toEqual([]);
    const at = Date.parse(RECORDED_AT);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect([entry].filter(entryMatches({ from: RECORDED_AT, to: RECORDED_AT }))).toEqual([entry]);
    expect([entry].filter(entryMatches({ from: iso(at + 1) }))).toEqual([]);
    expect([entry].filter(entryMatches({ to: iso(at - 1) }))).toEqual([]);
    expect([entry].filter(entryMatches({ from: iso(at - 1), to: iso(at + 1) }))).toEqual([entry]);
  });
});
