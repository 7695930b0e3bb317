/**
 * Errors the engine raises. Messages never carry a person's data: they name the item, the file, the line
 * or the identifier of a record, never its personal content.
 */
export type ErrorKind =
  | 'invalid-input' // bad command, unknown resident, impossible date, wrong tenant code (CLI exit 2)
  | 'not-found' // an identifier that is not in the store (CLI exit 2)
  | 'conflict' // expected revision not met (CLI exit 2 unless retried)
  | 'denied' // unknown, deactivated or unauthorized operator (CLI exit 3)
  | 'integrity'; // stored data does not verify (CLI exit 1)

export class VaxledgerError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'VaxledgerError';
  }
}

export class DomainError extends VaxledgerError {
  constructor(code: string, message: string, kind: ErrorKind = 'invalid-input') {
    super(kind, code, message);
    this.name = 'DomainError';
  }
}

export class WrongExpectedRevisionError extends VaxledgerError {
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: bigint | null,
  ) {
    super('conflict', 'wrong-expected-revision', `stream ${stream}: expected revision ${expected}, actual ${actual === null ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * A command's streams kept moving under it: it was decided again, against each new state, as many times as the
 * engine allows, and another writer got in first every time. Nothing was stored; the caller may retry the call
 * (CLI exit 2, as any conflict).
 */
export class ConflictError extends VaxledgerError {
  constructor(readonly streams: readonly string[], readonly attempts: number) {
    super('conflict', 'conflict', `the command was decided ${attempts} times and another writer changed its stream each time; nothing was stored: retry it`);
    this.name = 'ConflictError';
  }
}

export class DuplicateEventIdError extends VaxledgerError {
  constructor(readonly eventId: string) {
    super('conflict', 'duplicate-event-id', `event id ${eventId} is already stored with different content`);
    this.name = 'DuplicateEventIdError';
  }
}

export class AccessDeniedError extends VaxledgerError {
  constructor(readonly reason: string, message: string) {
    super('denied', reason, message);
    this.name = 'AccessDeniedError';
  }
}

/**
 * The engine is closed, or closing: the call was not started. `outcomeUnknown`: the call was already under way when
 * the engine had to close (its wait ran out), so it may or may not have been committed — a host retries it with the
 * same `requestId`, which makes a retry of a committed call a no-op.
 */
export class EngineClosedError extends VaxledgerError {
  constructor(readonly outcomeUnknown = false, options?: { cause?: unknown }) {
    super('conflict', 'engine-closed', outcomeUnknown
      ? 'the engine closed while this call was under way: it may have been committed; retry it with the same requestId'
      : 'the engine is closed: the call was not started');
    this.name = 'EngineClosedError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
