import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { slicesOf } from '../events/common.ts';
import { CONTRACTOR_ID_PATTERN, type PrintExclusions } from '../events/contractor-events.ts';
import type { Vaccine } from '../events/vaccination-events.ts';
import { containsMyNumber } from '../registry/my-number-detector.ts';
import { isIsoDate } from '../time/day-number.ts';
import { DomainError } from '../errors.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The events of one contractor's stream (委託先): its registration, the end of its contract, the files handed to it. */
export type ContractorEvent = EventOf<'ContractorRegistered' | 'ContractEnded' | 'EntrustmentProvided'>;

/** The contractor's key, as the key port read it from the armored file (checked there: public, valid, not expired). */
export interface ContractorKey {
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly expiresAt?: string;
}

export type ContractorState =
  | { readonly status: 'none' }
  | {
    readonly status: 'registered';
    readonly name: string;
    readonly until: string;
    /** The contract's last day when it was ended before `until`. */
    readonly endedOn?: string;
    readonly fingerprint: string;
    /** Notice runs whose print file went to this contractor (each once, unless sent again with a reason). */
    readonly runs: readonly string[];
    readonly lastEntrustmentId?: string;
  };

export type ContractorCommand =
  | {
    readonly type: 'RegisterContractor';
    readonly contractorId: string;
    readonly name: string;
    readonly contractRef: string;
    readonly until: string;
    readonly key: ContractorKey;
    /** Today in Japan (JST). */
    readonly today: string;
  }
  | { readonly type: 'EndContract'; readonly contractorId: string; readonly endedOn: string; readonly today: string }
  | {
    readonly type: 'ProvideEntrustment';
    readonly entrustmentId: string;
    readonly contractorId: string;
    readonly runId: string;
    readonly vaccine: Vaccine;
    readonly dose: number;
    readonly items: readonly string[];
    readonly rows: number;
    readonly excluded: PrintExclusions;
    /** The key the file was encrypted for: the contractor's on record, or the file is made again. */
    readonly fingerprint: string;
    readonly fileHash: string;
    readonly residentIds: readonly string[];
    readonly again?: string;
    readonly today: string;
  };

/** The contract's last day: `until`, or the day it was ended on when that is earlier. */
export function contractLastDay(state: Extract<ContractorState, { status: 'registered' }>): string {
  return state.endedOn !== undefined && state.endedOn < state.until ? state.endedOn : state.until;
}

function checkText(flag: string, text: string, max: number): E.Either<DomainError, string> {
  const t = text.trim();
  if (t.length === 0 || t.length > max) return refuse(`invalid-${flag}`, `--${flag} needs a text of 1–${max} characters`);
  if (containsMyNumber(t)) return refuse('my-number-in-text', `--${flag} holds a 個人番号: write it without`);
  return E.right(t);
}

/**
 * Whether a print file of `runId` may go to the contractor today: its contract in force (today not after its last day)
 * and the run not sent to it before, unless a reason is given (`--again`). Returns the reason checked. The caller asks
 * before it makes the file; the decider asks again when the file is recorded.
 */
export function checkEntrustment(state: ContractorState, contractorId: string, runId: string, today: string, again: string | undefined): E.Either<DomainError, string | undefined> {
  if (state.status === 'none') return unknownContractor(contractorId);
  const reason = again === undefined ? E.right(undefined) : checkText('again', again, 200);
  if (E.isLeft(reason)) return reason;
  const lastDay = contractLastDay(state);
  // Both refusals protect the same thing: personal data goes only where a contract in force covers it, once.
  if (today > lastDay && reason.right === undefined) {
    return refuse('contract-ended', `the contract with ${contractorId} ended on ${lastDay}: no print file goes to it (give --again REASON to send one all the same)`);
  }
  if (state.runs.includes(runId) && reason.right === undefined) {
    return refuse('already-exported', `the print file of run ${runId} went to ${contractorId} already (give --again REASON to send it again)`);
  }
  return reason;
}

function unknownContractor(id: string) {
  return E.left(new DomainError('unknown-contractor', `no contractor ${id} is registered (vaxledger contractor add)`, 'not-found'));
}

export const contractorDecider: Decider<ContractorCommand, ContractorEvent, ContractorState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    const { contractorId } = command;
    if (!CONTRACTOR_ID_PATTERN.test(contractorId)) return refuse('invalid-contractor-id', 'the contractor id must be lower-case letters, digits, ".", "_" or "-" (at most 40)');
    switch (command.type) {
      case 'RegisterContractor': {
        if (state.status !== 'none') return refuse('contractor-exists', `contractor ${contractorId} is registered already`);
        const name = checkText('name', command.name, 100);
        if (E.isLeft(name)) return name;
        const contractRef = checkText('contract-ref', command.contractRef, 60);
        if (E.isLeft(contractRef)) return contractRef;
        if (!isIsoDate(command.until)) return refuse('invalid-date', '--until must be a date (YYYY-MM-DD)');
        if (command.until < command.today) return refuse('contract-ended', `--until ${command.until} is before today (${command.today}): the contract has ended`);
        return E.right([{
          type: 'ContractorRegistered',
          data: {
            contractorId, name: name.right, contractRef: contractRef.right, until: command.until, registeredOn: command.today,
            publicKey: command.key.publicKey, fingerprint: command.key.fingerprint, ...(command.key.expiresAt ? { keyExpiresAt: command.key.expiresAt } : {}),
          },
        }]);
      }
      case 'EndContract': {
        if (state.status === 'none') return unknownContractor(contractorId);
        if (!isIsoDate(command.endedOn)) return refuse('invalid-date', '--on must be a date (YYYY-MM-DD)');
        if (state.endedOn !== undefined) return refuse('contract-ended', `the contract of ${contractorId} was ended already (last day ${state.endedOn})`);
        if (command.endedOn > state.until) return refuse('invalid-date', `--on ${command.endedOn} is after the contract's last day (${state.until})`);
        return E.right([{ type: 'ContractEnded', data: { contractorId, endedOn: command.endedOn } }]);
      }
      case 'ProvideEntrustment': {
        const again = checkEntrustment(state, contractorId, command.runId, command.today, command.again);
        if (E.isLeft(again)) return again;
        if (state.status === 'none') return unknownContractor(contractorId);
        if (command.fingerprint !== state.fingerprint) {
          return refuse('contractor-key-changed', `the file was encrypted for key ${command.fingerprint}, but ${contractorId}'s key is ${state.fingerprint}: make it again`);
        }
        const lists = slicesOf(command.residentIds);
        const { entrustmentId, runId, vaccine, dose, rows, excluded, fingerprint, fileHash } = command;
        return E.right(lists.map((residentIds, index): ContractorEvent => ({
          type: 'EntrustmentProvided',
          data: {
            entrustmentId, contractorId, runId, vaccine, dose, items: [...command.items], purpose: 'notices', rows, excluded, fingerprint, fileHash, residentIds,
            ...(again.right === undefined ? {} : { again: again.right }),
            ...(lists.length > 1 ? { part: { index, of: lists.length } } : {}),
          },
        })));
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ContractorRegistered':
        return { status: 'registered', name: event.data.name, until: event.data.until, fingerprint: event.data.fingerprint, runs: [] };
      case 'ContractEnded':
        return state.status === 'registered' ? { ...state, endedOn: event.data.endedOn } : state;
      case 'EntrustmentProvided':
        if (state.status !== 'registered' || state.lastEntrustmentId === event.data.entrustmentId) return state;
        return { ...state, lastEntrustmentId: event.data.entrustmentId, runs: state.runs.includes(event.data.runId) ? state.runs : [...state.runs, event.data.runId] };
    }
  },
};
