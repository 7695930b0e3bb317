import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { CLINIC_NO_PATTERN } from '../events/claim-events.ts';
import { containsMyNumber } from '../registry/my-number-detector.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** One clinic's stream (委託医療機関): its registration. */
export type ClinicEvent = EventOf<'ClinicRegistered'>;
export type ClinicState = { readonly status: 'none' } | { readonly status: 'registered'; readonly name: string; readonly location: 'inside-city' | 'outside-city' };
export type ClinicCommand = {
  readonly type: 'RegisterClinic';
  readonly clinicNo: string;
  readonly name: string;
  readonly location: 'inside-city' | 'outside-city';
  readonly today: string;
};

export const clinicDecider: Decider<ClinicCommand, ClinicEvent, ClinicState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    if (!CLINIC_NO_PATTERN.test(command.clinicNo)) return refuse('invalid-clinic-no', 'the clinic number must be letters, digits, "-" or "_" (at most 20)');
    if (state.status !== 'none') return refuse('clinic-exists', `clinic ${command.clinicNo} is registered already`);
    const name = command.name.trim();
    if (name.length === 0 || name.length > 100) return refuse('invalid-name', '--name needs a text of 1–100 characters');
    if (containsMyNumber(name)) return refuse('my-number-in-text', '--name holds a 個人番号: write it without');
    return E.right([{ type: 'ClinicRegistered', data: { clinicNo: command.clinicNo, name, location: command.location, registeredOn: command.today } }]);
  },
  evolve(_state, event) {
    return { status: 'registered', name: event.data.name, location: event.data.location };
  },
};
