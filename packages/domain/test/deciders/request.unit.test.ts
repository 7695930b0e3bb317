import { describe, it, expect } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { disclosableRequest, requestDecider, routeRequestEvents, type RequestCommand, type RequestEvent } from '../../src/deciders/request.ts';
import { foldEvents } from '../../src/deciders/decider.ts';

const requestId = '0b6f3f0e-6a1c-4d2e-9a51-3f1c2b7d8e90';
const residentId = 'R0001';

const lodged = (kind: 'disclosure' | 'correction' | 'suspension' = 'suspension'): RequestEvent => ({
  type: 'RequestLodged', data: { requestId, kind, residentId, receivedOn: '2026-12-01', deadline: '2026-12-15' },
});
const extended: RequestEvent = { type: 'RequestDeadlineExtended', data: { requestId, residentId, deadline: '2027-01-15', reason: '記録の確認に時間を要する' } };
const decided = (decision: 'granted' | 'partially-granted' | 'refused' = 'granted'): RequestEvent => ({
  type: 'RequestDecided', data: { requestId, residentId, decision, reason: '請求のとおり', decidedOn: '2026-12-07' },
});

const lodge = (over: Partial<Extract<RequestCommand, { type: 'LodgeRequest' }>> = {}): RequestCommand => ({
  type: 'LodgeRequest', requestId, kind: 'suspension', residentId, residentRegistered: true, receivedOn: '2026-12-01', today: '2026-12-07', ...over,
});
const decide = (decision: 'granted' | 'partially-granted' | 'refused' = 'granted'): RequestCommand => ({
  type: 'DecideRequest', requestId, decision, reason: '請求のとおり', today: '2026-12-07',
});
const extend = (deadline: string): RequestCommand => ({ type: 'ExtendRequestDeadline', requestId, deadline, reason: '記録の確認に時間を要する' });

const spec = deciderSpec(requestDecider);

describe('request decider: lodging', () => {
  it('lodges a request due 14 days after its receipt, with its summary when given', () => {
    spec.given([]).when(lodge({ summary: '接種記録の利用停止' })).then([
      { type: 'RequestLodged', data: { requestId, kind: 'suspension', residentId, receivedOn: '2026-12-01', deadline: '2026-12-15', summary: '接種記録の利用停止' } },
    ]);
  });

  it('counts the 14 days across a month and a year', () => {
    spec.given([]).when(lodge({ receivedOn: '2026-12-25', today: '2026-12-25' })).then((events) => {
      expect(events[0]!.type === 'RequestLodged' && events[0]!.data.deadline).toBe('2027-01-08');
    });
  });

  it('takes a receipt dated today (JST)', () => {
    spec.given([]).when(lodge({ receivedOn: '2026-12-07' })).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses a receipt in the future', () => spec.given([]).when(lodge({ receivedOn: '2026-12-08' })).thenFails('invalid-date'));
  it('refuses an impossible date of receipt', () => spec.given([]).when(lodge({ receivedOn: '2026-02-30' })).thenFails('invalid-date'));
  it('refuses an unknown kind', () => spec.given([]).when(lodge({ kind: 'deletion' as never })).thenFails('invalid-request-kind'));
  it('refuses a resident who is not registered', () => spec.given([]).when(lodge({ residentRegistered: false })).thenFails('unknown-resident'));
  it('refuses to lodge the same request twice', () => spec.given([lodged()]).when(lodge()).thenFails('request-exists'));

  it('does not echo an unknown resident id that holds a 個人番号', () => {
    const result = requestDecider.decide(lodge({ residentId: '123456789018', residentRegistered: false }), requestDecider.initialState);
    expect(isLeft(result) && result.left.message).not.toContain('123456789018');
  });
});

describe('request decider: extending the deadline', () => {
  it('extends to a later date, with the reason', () => {
    spec.given([lodged()]).when(extend('2027-01-15')).then([extended]);
  });

  it('moves the deadline it checks against', () => {
    spec.given([lodged(), extended]).when(extend('2027-01-10')).thenFails('invalid-deadline');
    spec.given([lodged(), extended]).when(extend('2027-01-16')).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses the same or an earlier deadline', () => spec.given([lodged()]).when(extend('2026-12-15')).thenFails('invalid-deadline'));
  it('refuses an impossible date', () => spec.given([lodged()]).when(extend('2026-12-32')).thenFails('invalid-deadline'));
  it('refuses an unknown request', () => spec.given([]).when(extend('2027-01-15')).thenFails('unknown-request'));
  it('refuses a decided request', () => spec.given([lodged(), decided()]).when(extend('2027-01-15')).thenFails('request-decided'));
});

describe('request decider: deciding', () => {
  it('decides a request on today\'s date', () => {
    spec.given([lodged('correction')]).when(decide('granted')).then([decided('granted')]);
  });

  it('suspends the person\'s use when a suspension request is granted, wholly or in part', () => {
    for (const decision of ['granted', 'partially-granted'] as const) {
      spec.given([lodged('suspension')]).when(decide(decision)).then([decided(decision), { type: 'UseSuspended', data: { residentId, requestId } }]);
    }
  });

  it('suspends nothing when a suspension request is refused', () => {
    spec.given([lodged('suspension')]).when(decide('refused')).then([decided('refused')]);
  });

  it('decides an extended request', () => spec.given([lodged('disclosure'), extended]).when(decide()).then([decided()]));
  it('refuses an unknown request', () => spec.given([]).when(decide()).thenFails('unknown-request'));

  it('refuses a second decision: of two at once, only the first is recorded', () => {
    spec.given([lodged(), decided()]).when(decide('refused')).thenFails('request-decided');
  });
});

describe('request decider: state and routing', () => {
  it('folds the stream into the facts the rules need', () => {
    spec.given([lodged('disclosure'), extended, decided('partially-granted')]).thenState({
      status: 'decided', requestId, kind: 'disclosure', residentId, receivedOn: '2026-12-01', deadline: '2027-01-15',
      decision: 'partially-granted', decidedOn: '2026-12-07',
    });
  });

  it('routes UseSuspended to the resident stream and the rest to the request stream', () => {
    const suspended: RequestEvent = { type: 'UseSuspended', data: { residentId, requestId } };
    expect(routeRequestEvents([decided(), suspended])).toEqual({ request: [decided()], resident: [suspended] });
  });

  it('lets only a granted disclosure request be disclosed', () => {
    const state = (...events: RequestEvent[]) => foldEvents(requestDecider, events);
    expect(isRight(disclosableRequest(requestId, state(lodged('disclosure'), decided('partially-granted'))))).toBe(true);
    for (const events of [[lodged('disclosure')], [lodged('disclosure'), decided('refused')], [lodged('correction'), decided()]]) {
      const result = disclosableRequest(requestId, state(...events));
      expect(isLeft(result) && result.left.code).toBe('not-disclosable');
    }
    const none = disclosableRequest(requestId, state());
    expect(isLeft(none) && none.left.code).toBe('unknown-request');
  });
});
