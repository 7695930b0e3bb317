import * as E from 'fp-ts/lib/Either.js';
import { DomainError } from '../errors.ts';
import type { ResidentDetails } from '../events/resident-events.ts';
import { residentDecider, type ResidentCommand, type ResidentEvent, type ResidentState } from '../deciders/resident.ts';
import type { MovementKind } from '../registry/movement.ts';

/** One row of a registry file, as the file reader gives it: the current state of a resident whose record changed. */
export interface RegistryRecord {
  readonly residentId: string;
  readonly details: ResidentDetails;
  readonly movement?: MovementKind;
  readonly movementWord?: string;
  readonly movedOn?: string;
  readonly leftOn?: string;
  readonly destinationAddress?: string;
  /** 前住所地の全国地方公共団体コード, when the file carried it. */
  readonly previousMunicipalityCode?: string;
  readonly cancelled: boolean;
}

/** 国外転入: a move from abroad (no municipality to ask for a vaccination history). */
const FROM_ABROAD = '国外転入';

/** How the row's person arrived, when the row is a 転入. */
function arrivalOf(row: RegistryRecord): { fromMunicipality?: string; fromAbroad?: true } {
  const abroad = row.movementWord?.normalize('NFKC').replace(/\s+/g, '') === FROM_ABROAD;
  return {
    ...(row.previousMunicipalityCode !== undefined && !abroad ? { fromMunicipality: row.previousMunicipalityCode } : {}),
    ...(abroad ? { fromAbroad: true as const } : {}),
  };
}

export type RegistryRowPlan =
  | { readonly kind: 'events'; readonly events: readonly ResidentEvent[] }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly error: DomainError; /** the file's item at fault, when not the 整理番号 */ readonly item?: string };

/**
 * Diff semantics of a registry import (weekly diffs and full extracts alike): compare the row with the resident's
 * current state and decide only what changed — registered, details changed (the changed items only), moved out,
 * moved in, died, record cancelled. Every step goes through the resident decider, so an import obeys the same
 * rules as a clerk.
 */
export function planRegistryRow(row: RegistryRecord, current: ResidentState): RegistryRowPlan {
  const commands: ResidentCommand[] = [];
  const id = row.residentId;
  const leaving = row.leftOn ?? row.movedOn;
  if (current.status === 'none') {
    // A 転入 says so on the registration: the person is then in the transfer work queue (転入者の接種歴照会).
    const on = row.movedOn ?? row.details.becameResidentOn;
    const movedIn = row.movement === 'moved-in' ? { ...(on !== undefined ? { on } : {}), ...arrivalOf(row) } : undefined;
    commands.push({ type: 'RegisterResident', residentId: id, details: row.details, ...(movedIn ? { movedIn } : {}) });
  } else if (current.status === 'cancelled' || current.status === 'erased') {
    // A cancelled record stays cancelled: reviving one is a decision for a clerk, not for a diff.
    return { kind: 'unchanged' };
  } else if (!row.cancelled) {
    commands.push({ type: 'ChangeResidentDetails', residentId: id, changes: row.details, ...(row.movementWord ? { movement: row.movementWord } : {}), ...(row.movedOn ? { effectiveOn: row.movedOn } : {}) });
  }
  if (row.cancelled || row.movement === 'cancelled') {
    commands.push({ type: 'CancelResidentRecord', residentId: id, ...(row.movementWord ? { reason: row.movementWord } : {}) });
  } else if (row.movement === 'moved-out' && leaving) {
    commands.push({ type: 'MoveOutResident', residentId: id, movedOutOn: leaving, ...(row.destinationAddress ? { destinationAddress: row.destinationAddress } : {}) });
  } else if (row.movement === 'died' && leaving) {
    commands.push({ type: 'RecordResidentDeath', residentId: id, diedOn: leaving });
  } else if ((row.movement === 'moved-in' || row.movement === 'registered') && current.status === 'moved-out') {
    const movedInOn = row.movedOn ?? row.details.becameResidentOn;
    // A 転入 back after a move-out has a date of its own: without one, the row cannot say when the person returned.
    if (movedInOn === undefined) {
      return { kind: 'refused', item: '最新異動日', error: new DomainError('missing-moved-in-date', `resident ${id} moved out before: a 転入 needs its 最新異動日 (or 住民となった日)`) };
    }
    commands.push({ type: 'MoveInResident', residentId: id, movedInOn, address: row.details.address, ...(row.movement === 'moved-in' ? arrivalOf(row) : {}) });
  }

  let state: ResidentState = current;
  const events: ResidentEvent[] = [];
  for (const command of commands) {
    // A status the resident already has (moved out twice in two diffs) is not news: skip it rather than refuse.
    if (command.type === 'MoveOutResident' && state.status === 'moved-out') continue;
    if (command.type === 'RecordResidentDeath' && state.status === 'died') continue;
    if (command.type === 'CancelResidentRecord' && state.status === 'cancelled') continue;
    const decided = residentDecider.decide(command, state);
    if (E.isLeft(decided)) return { kind: 'refused', error: decided.left };
    for (const e of decided.right) {
      events.push(e);
      state = residentDecider.evolve(state, e);
    }
  }
  return events.length === 0 ? { kind: 'unchanged' } : { kind: 'events', events };
}
