import { randomUUID } from 'node:crypto';
import {
  AccessDeniedError, containsMyNumber, INVALID_ID_PLACEHOLDER, LOCKOUT, MY_NUMBER_ID_PLACEHOLDER, OPERATOR_ID_PATTERN, ResidentIdSchema, streams,
  type Action, type Credentials, type DenialReason, type OperatorState, type Purpose, type Role,
} from '@vaxledger/domain';
import { docKey } from '@vaxledger/projections';
import type { EngineContext } from './engine-context.ts';

/** Why a call was refused, as the operation log records it. */
export type RefusalReason = DenialReason | 'authentication-failed' | 'locked' | 'use-suspended' | 'no-credentials' | 'unexpected-credentials';

/** What a denial logs as its action when the operator is refused at sign-in, before any command. */
export const SIGN_IN_ACTION = 'sign-in';

/**
 * An operator id as the log and messages may carry it: a valid one as it is, anything else as a placeholder. An
 * invalid id is what an attacker typed (a line break, an escape sequence, a forged log line): it is never repeated.
 */
export const INVALID_OPERATOR_ID = '(invalid-id)';
const shownOperatorId = (id: string) => (OPERATOR_ID_PATTERN.test(id) ? id : INVALID_OPERATOR_ID);

/** `HH:MM JST` of an instant (Japan has no daylight saving time). */
function jstTime(at: Date): string {
  return `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(11, 16)} JST`;
}

/**
 * Who may act, and the record of every refusal: sign-in (the authenticator and its lockout), the one policy decision
 * of each call, and the denial appended to the operation log before it is raised.
 */
export class Authorization {
  /** Sign-in proofs this engine issued, and whose: a session given one does not authenticate again. */
  private readonly signIns = new WeakMap<object, string>();

  constructor(private readonly engine: EngineContext) {}

  /**
   * Authenticates an operator before anything else about a call is looked at (the CLI signs in before it reads its
   * arguments), so that a wrong secret gets one answer whatever else is wrong, and is always logged and counted.
   * Returns a proof to pass as the credentials of this operator's sessions; a refusal is logged as a denial of
   * `sign-in` and raised.
   */
  async signIn(operatorId: string, purpose: Purpose, credentials: Credentials | undefined): Promise<Credentials> {
    await this.authenticateOperator(operatorId, purpose, SIGN_IN_ACTION, undefined, credentials ?? {});
    const proof: Credentials = Object.freeze({});
    this.signIns.set(proof, operatorId);
    return proof;
  }

  /**
   * The one policy decision: the operator must exist and be active, then (once per session) authenticate, then serve
   * the purpose in a role that permits the action. A denial is appended to the operation log before the error is
   * raised; if that append fails, the operation fails all the same (nothing happens unlogged). Nothing about the
   * call's arguments is looked at before: an id that is not one is logged as a placeholder. `credentials` null means
   * the session has already authenticated.
   */
  async authorize(operatorId: string, purpose: Purpose, action: Action, residentId: string | undefined, credentials: Credentials | null): Promise<{ readonly roles: readonly Role[]; readonly purposes: readonly Purpose[] }> {
    const operator = await this.authenticateOperator(operatorId, purpose, action, residentId, credentials !== null && this.signIns.get(credentials) === operatorId ? null : credentials);
    const decision = this.engine.policy(operator, purpose, action);
    if (!decision.allowed) return this.deny(operatorId, purpose, action, residentId, decision.reason);
    return operator as { roles: readonly Role[]; purposes: readonly Purpose[] };
  }

  /** The operator's existence, then (unless `credentials` is null) the authenticator's answer; a refusal is logged and raised. */
  private async authenticateOperator(operatorId: string, purpose: Purpose, action: Action | typeof SIGN_IN_ACTION, residentId: string | undefined, credentials: Credentials | null): Promise<OperatorState> {
    // A session's first call (the one that authenticates) catches the projections up: a store another process or an
    // older version wrote is brought to its head before anything is read from them.
    if (this.engine.privateProjections || credentials !== null) await this.engine.catchUp();
    const operator = await this.engine.operatorState(operatorId);
    if (operator.status === 'none') return this.deny(operatorId, purpose, action, residentId, 'unknown-operator');
    if (operator.status === 'deactivated') return this.deny(operatorId, purpose, action, residentId, 'deactivated');
    if (credentials === null) return operator;
    const answer = await this.engine.authenticator.authenticate(this.engine.tenant, operatorId, credentials);
    if (answer === 'ok') return operator;
    if (typeof answer === 'object') return this.deny(operatorId, purpose, action, residentId, 'locked', answer.lockedUntil);
    return this.deny(operatorId, purpose, action, residentId, answer === 'failed' ? 'authentication-failed' : answer);
  }

  /**
   * Records a refusal in the operation log, then raises it. An id that is not one is recorded as a placeholder; an id
   * holding a 個人番号 is logged (and echoed) as a placeholder, never the number.
   */
  async deny(operatorId: string, purpose: Purpose, action: Action | typeof SIGN_IN_ACTION, residentId: string | undefined, reason: RefusalReason, lockedUntil?: Date): Promise<never> {
    const shownId = containsMyNumber(operatorId) ? MY_NUMBER_ID_PLACEHOLDER : shownOperatorId(operatorId);
    const loggedResident = residentId === undefined || ResidentIdSchema.safeParse(residentId).success ? await this.loggableResidentId(residentId) : INVALID_ID_PLACEHOLDER;
    await this.engine.commands.record(
      streams.access(this.engine.tenant, operatorId),
      { type: 'AccessDenied', data: { action, residentId: loggedResident, reason } },
      this.engine.metadata(shownId, purpose, randomUUID()),
    );
    throw new AccessDeniedError(reason, this.denialMessage(shownId, purpose, action, reason, lockedUntil));
  }

  /** One message per reason, never naming the call's other arguments: a script tells the answers apart by it. */
  private denialMessage(operatorId: string, purpose: Purpose, action: string, reason: RefusalReason, lockedUntil?: Date): string {
    const who = `operator ${JSON.stringify(operatorId)}`;
    const clock = this.engine.clock;
    switch (reason) {
      case 'authentication-failed':
        return `authentication failed (${who})`;
      case 'locked': {
        const until = lockedUntil ?? new Date(clock.now().getTime() + LOCKOUT.minutes * 60_000);
        const left = Math.max(1, Math.ceil((until.getTime() - clock.now().getTime()) / 60_000));
        return `${who} is locked until ${jstTime(until)} (${left} min more) after repeated failed authentications; an administrator can unlock it`;
      }
      case 'no-credentials':
        return `${who} presented no secret`;
      case 'unexpected-credentials':
        return `a secret was presented for ${who}, but this engine's authenticator (the host's own sign-on) takes none`;
      default:
        return `${who} may not ${action} for ${purpose}: ${reason}`;
    }
  }

  /**
   * The resident id a log entry may name. A 整理番号 keeps its own format (a city's 12-digit numbers pass the My Number
   * check digit one time in eleven), so a registered resident is named whatever their id; an id that holds a
   * 個人番号 and names nobody here is typed input, not a 整理番号, and is left out of the log.
   */
  async loggableResidentId(residentId: string | undefined): Promise<string | undefined> {
    if (residentId === undefined || !containsMyNumber(residentId)) return residentId;
    const key = docKey(this.engine.tenant, residentId);
    return (await this.engine.projectionStore.getDocs('residents', [key])).has(key) ? residentId : undefined;
  }
}
