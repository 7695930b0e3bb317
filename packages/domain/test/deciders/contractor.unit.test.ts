import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { contractorDecider, foldEvents, type ContractorCommand, type ContractorEvent, type ContractorState } from '../../src/index.ts';

const KEY = { publicKey: 'AAAA', fingerprint: 'A'.repeat(40) };
const RUN = '11111111-1111-4111-8111-111111111111';
const EXCLUDED = { mailingExcluded: 0, addressRestricted: 0, formInvalidated: 0, notTarget: 0 };
const register: ContractorCommand = { type: 'RegisterContractor', contractorId: 'printer', name: '印刷株式会社', contractRef: 'R-1', until: '2026-03-31', key: KEY, today: '2026-01-10' };
const provide = (today: string, again?: string, fingerprint = KEY.fingerprint): ContractorCommand => ({
  type: 'ProvideEntrustment', entrustmentId: '22222222-2222-4222-8222-222222222222', contractorId: 'printer', runId: RUN, vaccine: 'hib', dose: 1,
  items: ['予診票番号'], rows: 1, excluded: EXCLUDED, fingerprint, fileHash: 'a'.repeat(64), residentIds: ['000001'], today, ...(again ? { again } : {}),
});

function after(...commands: ContractorCommand[]): ContractorState {
  let events: ContractorEvent[] = [];
  for (const c of commands) {
    const d = contractorDecider.decide(c, foldEvents(contractorDecider, events));
    if (E.isLeft(d)) throw d.left;
    events = [...events, ...d.right];
  }
  return foldEvents(contractorDecider, events);
}
const codeOf = (c: ContractorCommand, s: ContractorState) => {
  const d = contractorDecider.decide(c, s);
  return E.isLeft(d) ? d.left.code : 'ok';
};

describe('the contractor decider (委託先)', () => {
  it('refuses a file to an ended contract, a run sent before, and a key that changed, unless a reason is given', () => {
    const registered = after(register);
    expect(codeOf(provide('2026-03-31'), registered)).toBe('ok');
    expect(codeOf(provide('2026-04-01'), registered)).toBe('contract-ended');
    expect(codeOf(provide('2026-04-01', '契約延長手続中'), registered)).toBe('ok');
    const sent = after(register, provide('2026-02-01'));
    expect(codeOf(provide('2026-02-02'), sent)).toBe('already-exported');
    expect(codeOf(provide('2026-02-02', '汚損のため再送'), sent)).toBe('ok');
    expect(codeOf(provide('2026-02-02', undefined, 'B'.repeat(40)), registered)).toBe('contractor-key-changed');
    const ended = after(register, { type: 'EndContract', contractorId: 'printer', endedOn: '2026-02-15', today: '2026-02-01' });
    expect(codeOf(provide('2026-02-15'), ended)).toBe('ok');
    expect(codeOf(provide('2026-02-16'), ended)).toBe('contract-ended');
  });

  it('refuses a contract already over, a second registration, an unknown contractor and a My Number in a reason', () => {
    expect(codeOf({ ...register, until: '2026-01-09' } as ContractorCommand, contractorDecider.initialState)).toBe('contract-ended');
    expect(codeOf(register, after(register))).toBe('contractor-exists');
    expect(codeOf(provide('2026-02-01'), contractorDecider.initialState)).toBe('unknown-contractor');
    expect(codeOf(provide('2026-04-01', '123456789018'), after(register))).toBe('my-number-in-text');
    expect(codeOf({ ...register, contractorId: 'Printer Co' } as ContractorCommand, contractorDecider.initialState)).toBe('invalid-contractor-id');
  });
});
