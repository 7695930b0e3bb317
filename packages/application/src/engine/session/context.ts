import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  containsMyNumber, decideRequestTie, DomainError, VaxledgerError, LEGAL_DUTY_PURPOSES, REQUEST_BOUND_ACTIONS, streams, type Action, type Credentials, type Purpose,
} from '@vaxledger/domain';
import { docKey, ledgerOf, ledgerPrefix, readEligibility, type EligibilityDoc, type LedgerDoc, type LedgerRecordDoc, type RequestDoc, type ResidentDoc } from '@vaxledger/projections';
import type { EngineContext as Engine } from '../engine-context.ts';
import { ImportRejectedError } from '../import-errors.ts';
import { paddedResidentId } from './resident-id-suggestion.ts';

/** One call of a session: the action it was authorized for, once it was (calls of one session may run at once). */
const currentCall = new AsyncLocalStorage<{ action?: Action }>();

/** Records in the order a ledger, a certificate or a 副本 lists them: by vaccine, then dose, then date. */
export function byVaccineDoseDate(a: { vaccine: string; dose: number; date: string }, b: { vaccine: string; dose: number; date: string }): number {
  return a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose || a.date.localeCompare(b.date);
}

/** The zod issues of a refused input, as "path: message" (paths and schema words only, never the value). */
export function describeInvalid(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`).join('; ');
}

/**
 * What every command of a session shares: who acts, for which purpose, the policy decision before each call, the
 * metadata on each event, and the record of each read. The commands themselves live one topic a file beside this one
 * (residents, vaccinations, operators, ledger reads, imports, notices, requests, erasure, audit reads).
 */
export class SessionContext {
  /** The operator authenticates once per session; every call is still authorized on its own. */
  private authenticated = false;
  /** The roles the operator held at the last authorization: recorded with each event (who acted, in what role). */
  private roles: readonly string[] = [];

  constructor(
    readonly engine: Engine,
    readonly operatorId: string,
    readonly purpose: Purpose,
    private readonly credentials?: Credentials,
  ) {}

  get tenant(): string {
    return this.engine.tenant;
  }

  async authorize(action: Action, residentId?: string): Promise<void> {
    const operator = await this.engine.authorize(this.operatorId, this.purpose, action, residentId, this.authenticated ? null : (this.credentials ?? {}));
    this.authenticated = true;
    this.roles = operator.roles;
    const call = currentCall.getStore();
    if (call) call.action ??= action;
    // Acting for `disclosure`, an action on a person is bound to that person's request (policy: decideRequestTie).
    if (this.purpose === 'disclosure' && REQUEST_BOUND_ACTIONS[action] !== undefined) {
      const tie = decideRequestTie(this.purpose, action, residentId === undefined ? null : await this.requestsOf(residentId));
      if (!tie.allowed) await this.engine.deny(this.operatorId, this.purpose, action, residentId, tie.reason);
    }
  }

  /** The requests (開示・訂正・利用停止) lodged for one person: few in a city, so a scan of the projection. */
  private async requestsOf(residentId: string): Promise<RequestDoc[]> {
    await this.upToDate();
    const out: RequestDoc[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('requests', { prefix: `${this.tenant}/` })) {
      if ((doc as RequestDoc).residentId === residentId) out.push(doc as RequestDoc);
    }
    return out;
  }

  /**
   * Runs one call of the session. A call refused for bad input (a file that does not validate, an unknown resident)
   * after it was authorized is put on the record (OperationRejected: the action, the error's code, no data) before
   * the error is raised; a call refused before its authorization is a denial, already logged, or a usage error.
   */
  run<T>(call: () => Promise<T>): Promise<T> {
    const state: { action?: Action } = {};
    return currentCall.run(state, async () => {
      try {
        return await call();
      } catch (error) {
        if (state.action !== undefined && error instanceof VaxledgerError && (error.kind === 'invalid-input' || error.kind === 'not-found')) {
          await this.logRejection(state.action, error);
        }
        throw error;
      }
    });
  }

  private async logRejection(action: Action, error: VaxledgerError): Promise<void> {
    const reason = /^[a-z0-9-]{1,60}$/.test(error.code) ? error.code : 'invalid-input';
    const data = { action, reason, ...(error instanceof ImportRejectedError ? { count: error.errors.length } : {}) };
    await this.engine.commands.record(streams.access(this.tenant, this.operatorId), { type: 'OperationRejected', data }, this.meta());
  }

  /**
   * The read path's one catch-up: brings the projections to the store's head before a read (another process, or a
   * store written by an older version, may have moved it). Writes catch up in the command handler.
   */
  async upToDate(): Promise<void> {
    await this.engine.catchUp();
  }

  meta(source = 'api') {
    return { ...this.engine.metadata(this.operatorId, this.purpose, randomUUID(), source), roles: [...this.roles] };
  }

  /** Puts a read on the record (RecordViewed: which items, whose, how many) before anything read is returned. */
  async logRead(action: string, items: string[], extra: { residentId?: string; asOf?: string; count?: number; criteria?: string[] }): Promise<void> {
    const residentId = await this.engine.loggableResidentId(extra.residentId);
    await this.engine.commands.record(streams.access(this.tenant, this.operatorId), { type: 'RecordViewed', data: { action, items, ...extra, residentId } }, this.meta());
  }

  async requireResident(residentId: string): Promise<ResidentDoc> {
    const doc = (await this.engine.projectionStore.getDocs('residents', [docKey(this.tenant, residentId)])).get(docKey(this.tenant, residentId));
    if (!doc) {
      // A typed id that names nobody and holds a 個人番号 is not a 整理番号: it is not echoed.
      const shown = containsMyNumber(residentId) ? '(an id holding a 個人番号)' : residentId;
      const padded = await paddedResidentId(this.engine.projectionStore, this.tenant, residentId);
      throw new DomainError('unknown-resident', `resident ${shown} is not registered${padded ? `; did you mean ${padded}? (整理番号 keep their leading zeros)` : ''}`);
    }
    return doc.doc as ResidentDoc;
  }

  /**
   * Runs a command that needs to know whether a resident is registered (`run` is told), as the residents projection
   * has them. A refusal of an unknown resident is raised as requireResident raises it: with its "did you mean" hint.
   */
  async forResident<T>(residentId: string, run: (registered: boolean) => Promise<T>): Promise<T> {
    const key = docKey(this.tenant, residentId);
    const registered = (await this.engine.projectionStore.getDocs('residents', [key])).has(key);
    try {
      return await run(registered);
    } catch (error) {
      if (!registered && error instanceof DomainError && error.code === 'unknown-resident') await this.requireResident(residentId);
      throw error;
    }
  }

  /** 利用停止: a use without a legal duty is refused (and the refusal logged) for a person whose use is suspended. */
  async refuseIfSuspended(resident: ResidentDoc, action: Action): Promise<void> {
    if (resident.suspended && !LEGAL_DUTY_PURPOSES.includes(this.purpose)) {
      await this.engine.deny(this.operatorId, this.purpose, action, resident.residentId, 'use-suspended');
    }
  }

  async eligibilityDoc(residentId: string): Promise<EligibilityDoc | undefined> {
    return (await readEligibility(this.engine.projectionStore, this.tenant, [residentId])).get(residentId);
  }

  async currentLedger(residentId: string): Promise<LedgerDoc | undefined> {
    const records: LedgerRecordDoc[] = [];
    for await (const { doc } of this.engine.projectionStore.scan('ledger', { prefix: ledgerPrefix(this.tenant, residentId) })) records.push(doc as LedgerRecordDoc);
    return ledgerOf(this.tenant, residentId, records);
  }
}
