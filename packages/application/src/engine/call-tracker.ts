import { AsyncLocalStorage } from 'node:async_hooks';
import { EngineClosedError } from '@vaxledger/domain';

/**
 * The engine's calls in progress, so that closing never lies: `close()` refuses new calls at once (EngineClosedError),
 * waits for those under way to finish, and only then closes the store. A call made from within a call (a session's
 * command catching the projections up) is part of it, not a new one.
 */
export class CallTracker {
  private readonly inside = new AsyncLocalStorage<true>();
  private active = 0;
  private closing = false;
  /** Set when the wait ran out and the store was closed under calls still running. */
  private forced = false;
  private idle: Array<() => void> = [];

  get closed(): boolean {
    return this.closing;
  }

  /** Runs one call, refused once the engine is closing. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return call();
    if (this.closing) throw new EngineClosedError();
    this.active++;
    try {
      return await this.inside.run(true, call);
    } catch (error) {
      // The store went away under it: what it did is unknown, and said so (not a raw error from a closed handle).
      if (this.forced && !(error instanceof EngineClosedError)) throw new EngineClosedError(true, { cause: error });
      throw error;
    } finally {
      this.active--;
      if (this.active === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  /** An async iterable whose every step is a call. */
  iterate<T>(iterable: () => AsyncIterable<T>): AsyncIterable<T> {
    const tracker = this;
    return {
      [Symbol.asyncIterator](): AsyncIterator<T> {
        let iterator: AsyncIterator<T> | undefined;
        const open = () => (iterator ??= tracker.inside.run(true, () => iterable()[Symbol.asyncIterator]()));
        return {
          next: () => tracker.run(() => open().next()),
          return: async (value?: unknown) => (iterator?.return ? iterator.return(value) : { done: true as const, value: undefined as never }),
        };
      },
    };
  }

  /** Refuses new calls, then waits for those in progress; false when `timeoutMs` ran out first. */
  async close(timeoutMs: number): Promise<boolean> {
    this.closing = true;
    if (this.active === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      new Promise<true>((resolve) => this.idle.push(() => resolve(true))),
      new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (!settled) this.forced = true;
    return settled;
  }
}

/** Methods that return an async iterable rather than a promise: each step of the iteration is tracked. */
const STREAMING = new Set(['operationLogEntries']);

/** The object with every method of `prototype` made a tracked call (the object itself is returned). */
export function trackedCalls<T extends object>(target: T, prototype: object, calls: CallTracker): T {
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
    const method = descriptor.value as (...args: unknown[]) => unknown;
    const tracked = STREAMING.has(name)
      ? (...args: unknown[]) => calls.iterate(() => method.apply(target, args) as AsyncIterable<unknown>)
      : (...args: unknown[]) => calls.run(async () => method.apply(target, args));
    Object.defineProperty(target, name, { value: tracked, configurable: true, writable: true });
  }
  return target;
}
