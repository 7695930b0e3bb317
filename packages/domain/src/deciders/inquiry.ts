import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import type { InquiryBasis } from '../events/linkage-events.ts';
import { isValidLocalGovernmentCode } from '../tenant/local-government-code.ts';
import { escapeControlCharacters } from '../registry/control-characters.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';

/** The events of one inquiry's stream (情報照会): its sending, then the answers imported for it. */
export type InquiryEvent = EventOf<'InquirySent'> | EventOf<'InquiryAnswered'>;

export type InquiryState =
  | { readonly status: 'none' }
  | { readonly status: 'sent' | 'answered'; readonly residentId: string; readonly integratedAddresseeNo: string; readonly batches: readonly string[] };

/** What an inquiry needs to know of the person it asks about (read by the caller from the residents projection). */
export interface InquiredResident {
  readonly status: 'resident' | 'moved-out' | 'died' | 'cancelled';
  readonly integratedAddresseeNo?: string;
}

export interface SendInquiry {
  readonly type: 'SendInquiry';
  /** A new id, chosen by the caller; it is also the inquiry file's 照会番号. */
  readonly inquiryId: string;
  readonly residentId: string;
  /** The resident as registered, or null when nobody has this 整理番号. */
  readonly resident: InquiredResident | null;
  /** The municipality asked (全国地方公共団体コード), as typed. */
  readonly toMunicipality: string;
  /** This municipality's own code: it never asks itself. */
  readonly tenant: string;
  readonly basis: InquiryBasis;
  /** SHA-256 of the inquiry file's bytes. */
  readonly fileHash: string;
}

export interface RecordInquiryAnswer {
  readonly type: 'RecordInquiryAnswer';
  readonly inquiryId: string;
  readonly batchId: string;
  readonly recorded: number;
  readonly held: number;
}

export type InquiryCommand = SendInquiry | RecordInquiryAnswer;

/**
 * Whether an inquiry may go out about this person, to this municipality: the person is registered and living here,
 * and has a 統合宛名番号 (the only key the intermediate server takes: never a 個人番号, a name or a birth date).
 * Returns the 統合宛名番号 to send.
 */
export function checkInquiry(command: Pick<SendInquiry, 'residentId' | 'resident' | 'toMunicipality' | 'tenant'>): E.Either<DomainError, string> {
  const { residentId, resident, toMunicipality, tenant } = command;
  if (!isValidLocalGovernmentCode(toMunicipality)) {
    const shown = escapeControlCharacters(toMunicipality.slice(0, 20));
    return refuse('invalid-municipality', `--from-municipality "${shown}" is not a 全国地方公共団体コード (6 digits with a valid check digit)`);
  }
  if (toMunicipality === tenant) return refuse('invalid-municipality', `--from-municipality ${toMunicipality} is this municipality's own code: an inquiry asks the municipality the person came from`);
  if (resident === null) return unknownResident(residentId);
  if (resident.status !== 'resident') return refuse('not-a-resident', `resident ${residentId} does not live here now (${resident.status}): an inquiry is for a person who moved in`);
  if (resident.integratedAddresseeNo === undefined) {
    return refuse('no-integrated-addressee-no', `resident ${residentId} has no 統合宛名番号: the intermediate server is asked by 統合宛名番号 only (never by 個人番号 or name); have the 統合宛名番号 assigned and imported with the registry first`);
  }
  return E.right(resident.integratedAddresseeNo);
}

export const inquiryDecider: Decider<InquiryCommand, InquiryEvent, InquiryState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (command.type === 'SendInquiry') {
      if (state.status !== 'none') return refuse('inquiry-exists', `inquiry ${command.inquiryId} was sent already`);
      const checked = checkInquiry(command);
      if (E.isLeft(checked)) return checked;
      return E.right([{
        type: 'InquirySent',
        data: {
          inquiryId: command.inquiryId, residentId: command.residentId, integratedAddresseeNo: checked.right,
          toMunicipality: command.toMunicipality, basis: command.basis, fileHash: command.fileHash,
        },
      }]);
    }
    if (state.status === 'none') return refuse('unknown-inquiry', `no inquiry ${command.inquiryId.slice(0, 36)}`);
    // The same answer file imported again adds nothing.
    if (state.batches.includes(command.batchId)) return E.right([]);
    return E.right([{
      type: 'InquiryAnswered',
      data: { inquiryId: command.inquiryId, residentId: state.residentId, batchId: command.batchId, recorded: command.recorded, held: command.held },
    }]);
  },

  evolve(state, event) {
    if (event.type === 'InquirySent') {
      return { status: 'sent', residentId: event.data.residentId, integratedAddresseeNo: event.data.integratedAddresseeNo, batches: [] };
    }
    return state.status === 'none' ? state : { ...state, status: 'answered', batches: [...state.batches, event.data.batchId] };
  },
};
