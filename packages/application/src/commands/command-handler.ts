// The one write path: load → decide → envelope → append → (on a conflict: again) → catch up, for every command.
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import {
  ConflictError, WrongExpectedRevisionError, type VaxledgerError,
  type AppendResult, type DomainError, type EventMetadata, type EventStore, type StreamAppend,
} from '@vaxledger/domain';
import { envelopeOf, type NewEvent } from './envelope.ts';
import { loadStream } from './load-stream.ts';
import type { AnyStreamCommand, Decided, StreamCommand } from './stream-command.ts';

/** How many times a command is decided before a conflict is given up on (each time against the state reloaded). */
export const COMMAND_ATTEMPTS = 3;

/** A command's unit as decided: what to append, the streams it was decided on (loaded), and the answer. */
interface PlannedUnit<Ev, S> {
  readonly appends: readonly StreamAppend[];
  readonly decidedStreams: ReadonlySet<string>;
  readonly decided: Decided<Ev, S>;
  /** Planned by the caller at a revision (`plannedAt`): never decided again. */
  readonly pinned: boolean;
}

export interface CommandHandlerOptions {
  /** Brings the projections up to the store's head: once after every unit appended. */
  readonly catchUp: () => Promise<unknown>;
  readonly attempts?: number;
}

/**
 * Every write of the engine goes through here. A command is decided against its stream's events (never against a
 * read model), appended at the revision it was decided against, so that of two concurrent decisions on one stream
 * only one is stored; the other is decided again against the new state (and refused by it, or stored after it), up
 * to {@link COMMAND_ATTEMPTS} times, then refused with a ConflictError. Envelopes are built in one place (envelope.ts)
 * and the projections caught up once a unit.
 */
export class CommandHandler {
  private readonly attempts: number;

  constructor(private readonly store: EventStore, private readonly options: CommandHandlerOptions) {
    this.attempts = options.attempts ?? COMMAND_ATTEMPTS;
  }

  /**
   * Decides a command and appends what it decided as one atomic unit; a refusal is raised as its DomainError.
   * `beforeCatchUp` is told once the unit is stored, before the projections catch up (an erasure's steps).
   */
  async execute<C, Ev extends NewEvent, S>(command: StreamCommand<C, Ev, S>, metadata: EventMetadata, options: { beforeCatchUp?: () => unknown } = {}): Promise<Decided<Ev, S>> {
    for (let attempt = 1; ; attempt++) {
      const planned = await this.plan(command, metadata)();
      if (E.isLeft(planned)) throw planned.left;
      const { appends, decidedStreams, decided, pinned } = planned.right;
      if (appends.length === 0) return decided;
      try {
        await this.store.appendMulti(appends);
      } catch (error) {
        // Another writer moved a stream this command was decided on: decide it again against what it wrote.
        if (!(error instanceof WrongExpectedRevisionError) || !decidedStreams.has(error.stream) || pinned) throw error;
        if (attempt >= this.attempts) throw new ConflictError([...decidedStreams], attempt);
        continue;
      }
      await options.beforeCatchUp?.();
      await this.options.catchUp();
      return decided;
    }
  }

  /**
   * Appends one event to a stream that takes every writer in turn (an operator's access log: RecordViewed,
   * OperationRejected, AccessDenied), with no rule to decide, then catches up.
   */
  async record(stream: string, event: NewEvent, metadata: EventMetadata): Promise<void> {
    await this.store.append(stream, [envelopeOf(event, metadata)], { expectedRevision: 'any' });
    await this.options.catchUp();
  }

  /**
   * Appends a unit planned elsewhere (an import batch: many streams, each at the revision its plan was made against,
   * its envelopes built with {@link envelopeOf}) as one atomic append, then catches up; `beforeCatchUp` is told first.
   */
  async land(appends: readonly StreamAppend[], options: { beforeCatchUp?: () => unknown } = {}): Promise<AppendResult[]> {
    const results = await this.store.appendMulti(appends);
    await options.beforeCatchUp?.();
    await this.options.catchUp();
    return results;
  }

  /** Loads, decides and builds the envelopes of one command and the commands that follow it in its unit. */
  private plan<C, Ev extends NewEvent, S>(command: StreamCommand<C, Ev, S>, metadata: EventMetadata): TE.TaskEither<VaxledgerError, PlannedUnit<Ev, S>> {
    return pipe(
      TE.fromTask(() => loadStream(this.store, command.decider, command.stream)),
      TE.chainEitherKW(({ state, revision }) => stillAsPlanned(command, revision) ? E.right({ state, revision }) : E.left(movedSincePlanned(command, revision))),
      TE.chainEitherKW(({ state, revision }) => pipe(
        commandFor(command, state),
        E.chain((c) => command.decider.decide(c, state)),
        E.map((events) => ({ state, revision, events })),
      )),
      TE.chain(({ state, revision, events }) => {
        const own: StreamAppend[] = appendsOf(command, events, revision, metadata);
        const decided: Decided<Ev, S> = { state, events };
        const next = command.then?.(state, events) ?? null;
        const pinned = command.plannedAt !== undefined;
        if (next === null) return TE.right({ appends: own, decidedStreams: new Set([command.stream]), decided, pinned });
        return pipe(
          this.plan(next as AnyStreamCommand, metadata),
          TE.map((rest) => ({ appends: [...own, ...rest.appends], decidedStreams: new Set([command.stream, ...rest.decidedStreams]), decided, pinned: pinned || rest.pinned })),
        );
      }),
    );
  }
}

function stillAsPlanned(command: { readonly plannedAt?: bigint | null }, revision: bigint | null): boolean {
  return command.plannedAt === undefined || command.plannedAt === revision;
}

function movedSincePlanned(command: { readonly stream: string; readonly plannedAt?: bigint | null }, revision: bigint | null): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(command.stream, command.plannedAt === null ? 'no_stream' : String(command.plannedAt), revision);
}

function commandFor<C, Ev extends NewEvent, S>(command: StreamCommand<C, Ev, S>, state: S): E.Either<DomainError, C> {
  return typeof command.command === 'function' ? (command.command as (state: S) => E.Either<DomainError, C>)(state) : E.right(command.command);
}

/** The decided events as appends: to the command's own stream at the revision loaded, and to the streams routed to. */
function appendsOf<Ev extends NewEvent>(
  command: Pick<StreamCommand<unknown, Ev, unknown>, 'stream' | 'route' | 'ids'>, events: readonly Ev[], revision: bigint | null, metadata: EventMetadata,
): StreamAppend[] {
  if (events.length === 0) return [];
  const routed = command.route ? command.route(events) : [{ stream: command.stream, events }];
  const out: StreamAppend[] = [];
  for (const part of routed) {
    if (part.events.length === 0) continue;
    const own = part.stream === command.stream;
    const ids = own ? command.ids?.(part.events.length) : undefined;
    out.push({
      stream: part.stream,
      expectedRevision: own ? (revision ?? 'no_stream') : (part.expectedRevision ?? 'any'),
      events: part.events.map((e, i) => envelopeOf(e, metadata, ids?.[i])),
    });
  }
  return out;
}
