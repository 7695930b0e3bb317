import { describe, it } from 'vitest';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { heldSlipDecider, type HeldSlipCommand, type HeldSlipEvent } from '../../src/deciders/held-slip.ts';
import type { Slip } from '../../src/events/import-events.ts';

const slipId = '5a0c6d1e-2f3b-4c5d-8e9f-0a1b2c3d4e5f';
const recordId = '7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1';
const slip: Slip = { residentId: 'R0002', kanaName: 'ヤマダ ハナコ', birthDate: '2025-04-01', sex: 'female', vaccine: 'hib', dose: 1, date: '2025-06-10' };

const held = (source?: 'vrs'): HeldSlipEvent => ({
  type: 'SlipHeld',
  data: { slipId, batchId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', line: 3, reason: 'no-such-resident', slip, ...(source ? { source } : {}) },
});
const matched: HeldSlipEvent = { type: 'SlipResolved', data: { slipId, resolution: 'matched', residentId: 'R0001', recordId, reason: '整理番号の誤記' } };
const rejected: HeldSlipEvent = { type: 'SlipResolved', data: { slipId, resolution: 'rejected', reason: '他市の住民' } };

const resolve = (over: Partial<Extract<HeldSlipCommand, { type: 'ResolveSlip' }>> = {}): HeldSlipCommand => ({
  type: 'ResolveSlip', slipId, residentId: 'R0001', residentRegistered: true, recordId, reason: '整理番号の誤記', ...over,
});
const reject: HeldSlipCommand = { type: 'RejectSlip', slipId, reason: '他市の住民' };

const spec = deciderSpec(heldSlipDecider);

describe('held slip decider: resolving', () => {
  it('matches a held slip to a resident, naming the record it creates', () => spec.given([held()]).when(resolve()).then([matched]));

  it('gives a default reason to a match without one', () => {
    const { reason: _r, ...withoutReason } = resolve() as Extract<HeldSlipCommand, { type: 'ResolveSlip' }>;
    spec.given([held()]).when(withoutReason).then([
      { type: 'SlipResolved', data: { slipId, resolution: 'matched', residentId: 'R0001', recordId, reason: 'matched after investigation' } },
    ]);
  });

  it('refuses a resident who is not registered', () => spec.given([held()]).when(resolve({ residentRegistered: false })).thenFails('unknown-resident'));
  it('refuses an unknown slip', () => spec.given([]).when(resolve()).thenFails('unknown-slip'));

  it('refuses a slip already resolved: of two resolutions at once, only the first is recorded', () => {
    spec.given([held(), matched]).when(resolve()).thenFails('slip-resolved');
    spec.given([held(), rejected]).when(resolve()).thenFails('slip-resolved');
  });
});

describe('held slip decider: rejecting', () => {
  it('rejects a held slip with its reason', () => spec.given([held()]).when(reject).then([rejected]));
  it('refuses an unknown slip', () => spec.given([]).when(reject).thenFails('unknown-slip'));
  it('refuses a slip already matched or rejected', () => {
    spec.given([held(), matched]).when(reject).thenFails('slip-resolved');
    spec.given([held(), rejected]).when(reject).thenFails('slip-resolved');
  });
});

describe('held slip decider: state', () => {
  it('keeps the slip and its source, for the record a match makes', () => {
    spec.given([held('vrs')]).thenState({ status: 'held', held: { slip, source: 'vrs' } });
    spec.given([held(), rejected]).thenState({ status: 'rejected', held: { slip } });
  });
});

describe('held slip decider: a held record of an inquiry answer', () => {
  const answer = { integratedAddresseeNo: 'K-1', vaccine: 'mr' as const, dose: 1, date: '2024-05-01', category: 'routine' as const };
  const inquiryId = '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b';
  const heldAnswer: HeldSlipEvent = {
    type: 'SlipHeld',
    data: { slipId, batchId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', line: 2, reason: 'no-inquiry', answer, source: 'other-municipality', inquiryId },
  };
  it('keeps the answer record, its source and its inquiry, and resolves like a slip', () => {
    spec.given([heldAnswer]).thenState({ status: 'held', held: { answer, source: 'other-municipality', inquiryId } });
    spec.given([heldAnswer]).when(resolve()).then([matched]);
  });
});
