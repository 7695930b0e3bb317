import { DomainError, VaxledgerError } from '@vaxledger/domain';
import { scenarioResidentId, type Scenario, type ScenarioStep, type ScenarioStepKind } from '@vaxledger/domain/testing';
import type { Engine } from '@vaxledger/application';
import { japanToday, type KitHost } from './host.ts';
import type { Tally } from './tally.ts';

/** What one part of a scenario leaves for the next: the records made (by resident), and the files imported so far. */
export interface ReplayState {
  readonly records: Map<number, string[]>;
  files: number;
}

export const newReplayState = (): ReplayState => ({ records: new Map(), files: 0 });

/** Some of a scenario's steps (`from` up to `to`), carrying on from the state an earlier part left. */
export interface ReplayPart {
  readonly from: number;
  readonly to: number;
  readonly state: ReplayState;
}

/**
 * Runs a scenario (or a part of it) through the administrator's sessions, each step for the purpose a clerk would act for. A step the
 * engine refuses (a VaxledgerError: a void of a voided record, a move of a dead person) is counted as refused; any
 * other error is the host's and fails the case. Returns the kinds that succeeded, and counts them into the tally
 * (`<kind> ok`, `<kind> refused`), so that a property can fail when a kind that should succeed never did.
 */
export async function replayScenario(host: KitHost, engine: Engine, scenario: Scenario, tally: Tally, part: ReplayPart = { from: 0, to: scenario.steps.length, state: newReplayState() }): Promise<Map<ScenarioStepKind, number>> {
  const succeeded = new Map<ScenarioStepKind, number>();
  const { records } = part.state;
  for (const step of scenario.steps.slice(part.from, part.to)) {
    try {
      await runStep(host, engine, scenario, step, records, () => `kit-${step.kind}-${++part.state.files}.csv`);
      succeeded.set(step.kind, (succeeded.get(step.kind) ?? 0) + 1);
      tally.add(`${step.kind} ok`);
    } catch (error) {
      if (!(error instanceof VaxledgerError)) throw error;
      tally.add(`${step.kind} refused`);
    }
  }
  return succeeded;
}

async function runStep(host: KitHost, engine: Engine, scenario: Scenario, step: ScenarioStep, records: Map<number, string[]>, fileName: () => string): Promise<void> {
  const registration = host.admin(engine, 'registration');
  const id = 'resident' in step ? scenarioResidentId(step.resident) : '';
  const recordOf = (resident: number, n: number) => {
    const recordId = records.get(resident)?.[n];
    if (recordId === undefined) throw new DomainError('no-record', 'the scenario names a record never made');
    return recordId;
  };
  switch (step.kind) {
    case 'register':
      return registration.registerResident(id, scenario.residents[step.resident]!);
    case 'record': {
      const { recordId } = await registration.recordVaccination({ residentId: id, vaccine: step.vaccine, dose: step.dose, date: step.date, lot: step.lot, source: 'manual', ...(step.category ? { category: step.category } : {}) });
      records.set(step.resident, [...(records.get(step.resident) ?? []), recordId]);
      return;
    }
    case 'correct':
      return registration.correctVaccination({ residentId: id, recordId: recordOf(step.resident, step.record), changes: { lot: step.lot }, reason: 'kit: lot misread' });
    case 'void':
      return registration.voidVaccination({ residentId: id, recordId: recordOf(step.resident, step.record), reason: 'kit: entered twice' });
    case 'change':
      await registration.changeResidentDetails(id, { address: step.address });
      return;
    case 'move-out':
      return registration.moveOut(id, step.on);
    case 'move-in':
      return registration.moveIn(id, step.on);
    case 'death':
      return registration.recordDeath(id, step.on);
    case 'import-registry':
      await registration.importRegistry(step.bytes, { fileName: fileName(), encoding: 'utf-8' });
      return;
    case 'import-slips':
      await registration.importSlips(step.bytes, { fileName: fileName(), encoding: 'utf-8' });
      return;
    case 'import-vrs':
      await registration.importVrs(step.bytes, { fileName: fileName(), encoding: 'utf-8' });
      return;
    case 'request': {
      const desk = host.admin(engine, 'disclosure');
      const request = await desk.lodgeRequest({ residentId: id, kind: step.requestKind, receivedOn: japanToday(engine) });
      if (step.requestKind === 'disclosure') await desk.decideRequest(request.requestId, 'granted', 'kit: identity checked');
      return;
    }
    case 'notices':
      await host.admin(engine, 'notices').issueNotices(step.noticeKind, { vaccine: step.vaccine, dose: step.dose, date: japanToday(engine) }, { again: 'kit: another run' });
      return;
    case 'certificate':
      await host.admin(engine, 'inquiry').issueCertificate(id, { identityDocument: '運転免許証' });
      return;
    case 'erase':
      await host.admin(engine, 'administration').erase(id, { reason: 'kit: erasure on request' });
      return;
  }
}
