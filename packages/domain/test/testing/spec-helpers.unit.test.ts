import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { operatorDecider, residentDecider } from '../../src/index.ts';
import { deciderSpec, projectionSpec, type ReducerLike } from '../../src/testing/index.ts';
import { event } from '../support/events.ts';

// The helpers are only worth their name if a wrong expectation fails: each case here states a wrong one.

const operatorId = 'sato.h';
const register = { type: 'RegisterOperator', operatorId, roles: ['registration'], purposes: ['registration'] } as const;
const registered = event('OperatorRegistered', { operatorId, roles: ['registration'], purposes: ['registration'] });

describe('deciderSpec', () => {
  const spec = deciderSpec(operatorDecider);

  it('then: fails when other events were decided', () => {
    const otherRoles = event('OperatorRegistered', { operatorId, roles: ['inquiry'], purposes: ['registration'] });
    expect(() => spec.given([]).when(register).then([otherRoles])).toThrow(AssertionError);
    expect(() => spec.given([]).when(register).then([])).toThrow(/decided \[OperatorRegistered\], expected \[\]/);
  });

  it('then: fails when the command was refused, naming the refusal', () => {
    expect(() => spec.given([registered]).when(register).then([registered])).toThrow(/got refusal operator-exists/);
  });

  it('then: a checking function sees the events and the state, and its failure is the spec\'s', () => {
    let seen: unknown;
    spec.given([]).when(register).then((events, state) => {
      seen = { events, state };
    });
    expect(seen).toEqual({ events: [registered], state: { status: 'none' } });
    expect(() => spec.given([]).when(register).then(() => expect(1).toBe(2))).toThrow();
  });

  it('then: compares events as stored, an undefined item being an absent one, and still fails on a missing item', () => {
    const resident = event('ResidentRegistered', {
      residentId: '000001', kanaName: 'ヤマダ ハナコ', kanjiName: '山田 花子', sex: 'female', birthDate: '1950-04-01', address: '仙台市青葉区試験町1番地',
    });
    const residents = deciderSpec(residentDecider);
    const moveOut = { type: 'MoveOutResident', residentId: '000001', movedOutOn: '2025-03-31' } as const;
    residents.given([resident]).when(moveOut).then([event('ResidentMovedOut', { residentId: '000001', movedOutOn: '2025-03-31' })]);
    expect(() => residents.given([resident]).when(moveOut)
      .then([event('ResidentMovedOut', { residentId: '000001', movedOutOn: '2025-03-31', destinationAddress: '札幌市' })])).toThrow(AssertionError);
  });

  it('thenFails: fails when events were decided, naming their types and nothing of their data', () => {
    const attempt = () => spec.given([]).when(register).thenFails('operator-exists');
    expect(attempt).toThrow('expected refusal operator-exists, got 1 event(s) [OperatorRegistered]');
  });

  it('thenFails: fails on another refusal code', () => {
    expect(() => spec.given([registered]).when(register).thenFails('shared-operator-id')).toThrow(/refused with operator-exists/);
  });

  it('thenState: fails on another state', () => {
    expect(() => spec.given([registered]).thenState({ status: 'none' })).toThrow(AssertionError);
    expect(() => spec.given([registered]).thenState((s) => expect(s.status).toBe('deactivated'))).toThrow();
  });
});

/** A reducer made for this spec: counts `add`s per key, `clear` drops a key prefix, `remove` ends a document. */
type CountEvent = { readonly type: 'add' | 'remove' | 'clear' | 'other' | 'add-in-place'; readonly key: string };
const counter: ReducerLike<CountEvent, { count: number }> = {
  keysOf: (e) => (e.type === 'other' || e.type === 'clear' ? [] : [e.key]),
  dropsOf: (e) => (e.type === 'clear' ? [e.key] : []),
  evolve(doc, e) {
    if (e.type === 'remove') return undefined;
    if (e.type === 'add-in-place' && doc) {
      doc.count += 1; // the fault thenUnchanged must catch even though the "new" document is the old object
      return doc;
    }
    return { count: (doc?.count ?? 0) + 1 };
  },
};

describe('projectionSpec', () => {
  const spec = projectionSpec(counter);
  const add = (key: string): CountEvent => ({ type: 'add', key });

  it('then: passes on exactly the documents, and fails on another value, a missing or an extra document', () => {
    spec.given([add('t/a')]).when(add('t/a'), add('t/b')).then({ 't/a': { count: 2 }, 't/b': { count: 1 } });
    expect(() => spec.given([add('t/a')]).when(add('t/a')).then({ 't/a': { count: 1 } })).toThrow(AssertionError);
    expect(() => spec.given([add('t/a')]).when(add('t/b')).then({ 't/b': { count: 1 } })).toThrow(AssertionError);
    expect(() => spec.given([add('t/a')]).when(add('t/b')).then({ 't/a': { count: 1 }, 't/b': { count: 1 }, 't/c': { count: 1 } })).toThrow(AssertionError);
  });

  it('applies drops before evolving, and a document evolved to undefined is gone', () => {
    spec.given([add('t/a/1'), add('t/a/2'), add('t/b')]).when({ type: 'clear', key: 't/a/' }).then({ 't/b': { count: 1 } });
    spec.given([add('t/a'), add('t/b')]).when({ type: 'remove', key: 't/a' }).then({ 't/b': { count: 1 } });
  });

  it('thenUnchanged: passes when the event touches nothing, fails when it adds, drops or changes a document', () => {
    spec.given([add('t/a')]).when({ type: 'other', key: 't/a' }).thenUnchanged();
    expect(() => spec.given([add('t/a')]).when(add('t/b')).thenUnchanged()).toThrow(/the event changed the documents/);
    expect(() => spec.given([add('t/a')]).when({ type: 'remove', key: 't/a' }).thenUnchanged()).toThrow(AssertionError);
    expect(() => spec.given([add('t/a')]).when({ type: 'add-in-place', key: 't/a' }).thenUnchanged()).toThrow(AssertionError);
  });
});
