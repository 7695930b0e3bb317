import { describe, it } from 'vitest';
import { residentDecider, type ResidentDetails } from '../../src/index.ts';
import { deciderSpec } from '../../src/testing/index.ts';
import { event } from '../support/events.ts';

const spec = () => deciderSpec(residentDecider);
const residentId = '000001';
// Invented, like every name and address in the specs.
const details: ResidentDetails = {
  kanaName: 'ヤマダ ハナコ', kanjiName: '山田 花子', sex: 'female', birthDate: '1950-04-01', address: '仙台市青葉区試験町1番地', wardCode: '101',
};

const registered = event('ResidentRegistered', { residentId, ...details });
const movedOut = event('ResidentMovedOut', { residentId, movedOutOn: '2025-03-31', destinationAddress: '札幌市中央区試験町2番地' });
const died = event('ResidentDied', { residentId, diedOn: '2025-05-01' });
const cancelled = event('ResidentRecordCancelled', { residentId, reason: '職権消除' });
const erased = event('SubjectErased', { residentId, reason: '保存期間の満了', withinRetention: false, slipIds: [] });

describe('resident decider: RegisterResident', () => {
  it('registers a new resident with their details', () => {
    spec().given([]).when({ type: 'RegisterResident', residentId, details }).then([registered]);
  });

  it('refuses an id already registered, even once erased (an erased id is not reused)', () => {
    spec().given([registered]).when({ type: 'RegisterResident', residentId, details }).thenFails('resident-exists');
    spec().given([registered, erased]).when({ type: 'RegisterResident', residentId, details }).thenFails('resident-exists');
  });
});

describe('resident decider: every other command', () => {
  const change = { type: 'ChangeResidentDetails', residentId, changes: { address: '仙台市青葉区試験町3番地' } } as const;

  it('refuses a resident never registered', () => {
    spec().given([]).when(change).thenFails('unknown-resident');
  });

  it('refuses an erased resident', () => {
    spec().given([registered, erased]).when(change).thenFails('resident-erased');
    spec().given([registered, erased]).when({ type: 'RecordResidentDeath', residentId, diedOn: '2025-05-01' }).thenFails('resident-erased');
  });

  it('refuses a cancelled record', () => {
    spec().given([registered, cancelled]).when(change).thenFails('resident-cancelled');
    spec().given([registered, cancelled]).when({ type: 'CancelResidentRecord', residentId }).thenFails('resident-cancelled');
  });
});

describe('resident decider: ChangeResidentDetails', () => {
  it('records only the items whose value changes, with the movement and its date', () => {
    spec().given([registered])
      .when({
        type: 'ChangeResidentDetails', residentId, movement: '転居', effectiveOn: '2025-04-10',
        changes: { address: '仙台市青葉区試験町3番地', kanaName: details.kanaName, wardCode: undefined },
      })
      .then([event('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地' }, movement: '転居', effectiveOn: '2025-04-10' })]);
  });

  it('decides nothing when no item changes (a diff import of an unchanged row)', () => {
    spec().given([registered]).when({ type: 'ChangeResidentDetails', residentId, changes: { address: details.address } }).then([]);
  });

  it('compares with the details as changed before', () => {
    const changed = event('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地' } });
    spec().given([registered, changed]).when({ type: 'ChangeResidentDetails', residentId, changes: { address: '仙台市青葉区試験町3番地' } }).then([]);
  });
});

describe('resident decider: MoveOutResident', () => {
  it('moves a resident out, with the day and the destination', () => {
    spec().given([registered])
      .when({ type: 'MoveOutResident', residentId, movedOutOn: '2025-03-31', destinationAddress: '札幌市中央区試験町2番地' })
      .then([movedOut]);
  });

  it('refuses someone who is not currently a resident', () => {
    spec().given([registered, movedOut]).when({ type: 'MoveOutResident', residentId, movedOutOn: '2025-04-30' }).thenFails('not-a-resident');
    spec().given([registered, died]).when({ type: 'MoveOutResident', residentId, movedOutOn: '2025-05-30' }).thenFails('not-a-resident');
  });
});

describe('resident decider: MoveInResident', () => {
  it('moves a former resident back in', () => {
    spec().given([registered, movedOut])
      .when({ type: 'MoveInResident', residentId, movedInOn: '2026-01-05', previousAddress: '札幌市中央区試験町2番地', address: '仙台市泉区試験町4番地' })
      .then([event('ResidentMovedIn', { residentId, movedInOn: '2026-01-05', previousAddress: '札幌市中央区試験町2番地', address: '仙台市泉区試験町4番地' })]);
  });

  it('refuses someone who has not moved out', () => {
    spec().given([registered]).when({ type: 'MoveInResident', residentId, movedInOn: '2026-01-05' }).thenFails('not-moved-out');
    spec().given([registered, died]).when({ type: 'MoveInResident', residentId, movedInOn: '2026-01-05' }).thenFails('not-moved-out');
  });
});

describe('resident decider: RecordResidentDeath', () => {
  it('records the death of a resident, or of someone who moved out', () => {
    spec().given([registered]).when({ type: 'RecordResidentDeath', residentId, diedOn: '2025-05-01' }).then([died]);
    spec().given([registered, movedOut]).when({ type: 'RecordResidentDeath', residentId, diedOn: '2025-05-01' }).then([died]);
  });

  it('refuses a death already recorded', () => {
    spec().given([registered, died]).when({ type: 'RecordResidentDeath', residentId, diedOn: '2025-05-02' }).thenFails('already-died');
  });
});

describe('resident decider: CancelResidentRecord', () => {
  it('cancels a record, whatever its status, with the reason', () => {
    spec().given([registered]).when({ type: 'CancelResidentRecord', residentId, reason: '職権消除' }).then([cancelled]);
    spec().given([registered, died]).when({ type: 'CancelResidentRecord', residentId, reason: '職権消除' }).then([cancelled]);
  });
});

describe('resident decider: state', () => {
  it('starts with no resident', () => {
    spec().given([]).thenState({ status: 'none' });
  });

  it('keeps the details without the id, and merges changes into them', () => {
    spec().given([registered, event('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地', phone: '022-000-0000' } })])
      .thenState({ status: 'resident', details: { ...details, address: '仙台市青葉区試験町3番地', phone: '022-000-0000' } });
  });

  it('notes the day a resident left: moved out or died', () => {
    spec().given([registered, movedOut]).thenState({ status: 'moved-out', details, leftOn: '2025-03-31' });
    spec().given([registered, died]).thenState({ status: 'died', details, leftOn: '2025-05-01' });
  });

  it('makes a mover-in a resident again, from the day they came, at their new address (no day of leaving)', () => {
    spec().given([registered, movedOut, event('ResidentMovedIn', { residentId, movedInOn: '2026-01-05', address: '仙台市泉区試験町4番地' })])
      .thenState({ status: 'resident', details: { ...details, address: '仙台市泉区試験町4番地', becameResidentOn: '2026-01-05' } });
  });

  it('keeps the address a mover-in gave none for', () => {
    spec().given([registered, movedOut, event('ResidentMovedIn', { residentId, movedInOn: '2026-01-05' })])
      .thenState({ status: 'resident', details: { ...details, becameResidentOn: '2026-01-05' } });
  });

  it('marks a cancelled record', () => {
    spec().given([registered, cancelled]).thenState({ status: 'cancelled', details });
  });

  it('forgets every detail at erasure, and nothing after it brings them back', () => {
    spec().given([registered, erased, event('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地' } })])
      .thenState({ status: 'erased' });
  });

  it('ignores changes to a resident never registered', () => {
    spec().given([movedOut, died, cancelled, event('ResidentDetailsChanged', { residentId, changes: { address: '仙台市青葉区試験町3番地' } })])
      .thenState({ status: 'none' });
  });
});
