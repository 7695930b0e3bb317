import { SqliteEventStore } from '@vaxledger/adapters';
import type { EventToAppend } from '@vaxledger/domain';
import type { BenchConfig } from '../lib/config.ts';
import { measurementId, type BenchContext, type Measurement, type Suite, type Verdict } from '../lib/context.ts';
import { AppendWorkload, FloorRowMaker, TENANT, type FloorRow } from '../lib/fixtures.ts';
import { HashingFloor, RawFloor } from '../lib/floor.ts';
import { fmtNumber, fmtPercent, fmtRatio, markdownTable, passMiss } from '../lib/markdown.ts';
import { collectGarbage, RssSampler } from '../lib/memory.ts';
import { nowMs, perSecond, settle, Stopwatch } from '../lib/timing.ts';
import { freshDbFile, removeDb } from '../lib/workdir.ts';
import { emmettAppendContender } from './emmett.ts';

/** Residents whose streams the calls go to in turn: small batches revisit streams, large ones mostly open new ones. */
export const RESIDENT_POOL = 5_000;
const WARMUP_RESIDENTS = 9_000_000;
/** The floor writes for about this long, then each other store writes the same calls: background load hits all alike. */
const SLICE_MS = 200;

export type Contestant = 'ours' | 'floor' | 'hashing' | 'emmett';
export const appendId = (who: Contestant, batch: number) => measurementId('append', who, `b${batch}`);
export const expectedRevisionOf = (revision: number) => (revision < 0 ? ('no_stream' as const) : BigInt(revision));

export interface AppendCall {
  readonly stream: string;
  readonly events: EventToAppend[];
  /** The stream's revision before the call, -1 for a new stream. */
  readonly revision: number;
}

/** A store taking part in the append race. `prepare` is not timed (the floor precomputes its rows there). */
export interface AppendContender<P = unknown> {
  readonly who: Contestant;
  prepare(call: AppendCall): P;
  write(prepared: P): void | Promise<void>;
  close(): Promise<void>;
}

/** Raw floor: plain INSERTs of the precomputed rows, one transaction per batch. */
export function floorContender(file: string): AppendContender<FloorRow[]> {
  const floor = new RawFloor(file);
  const rows = new FloorRowMaker();
  return {
    who: 'floor',
    prepare: (c) => rows.rows(c.stream, c.events, c.revision),
    write: (r) => floor.write(r),
    close: async () => floor.close(),
  };
}

/** The hashing floor (HashingFloor): the raw floor plus the least hashing a store that meets #2 must do per event. */
export function hashingFloorContender(file: string): AppendContender<AppendCall> {
  const floor = new HashingFloor(file);
  return {
    who: 'hashing',
    prepare: (c) => c,
    write: (c) => floor.write(c.stream, TENANT, c.events, c.revision),
    close: async () => floor.close(),
  };
}

/** Our SqliteEventStore.append with the exact expected revision, as the engine calls it. */
export function oursContender(file: string): AppendContender<AppendCall> & { store: SqliteEventStore } {
  const store = SqliteEventStore.open(file);
  return {
    who: 'ours',
    store,
    prepare: (c) => c,
    write: async (c) => {
      await store.append(c.stream, c.events, { expectedRevision: expectedRevisionOf(c.revision) });
    },
    close: () => store.close(),
  };
}

const errorText = (error: unknown): string => {
  const e = error as { code?: string; message?: string };
  return `${e.code && !String(e.message).includes(e.code) ? `${e.code}: ` : ''}${String(e.message ?? error)}`.slice(0, 110);
};

interface Lane {
  readonly contender: AppendContender<any>;
  readonly file: string;
  readonly sw: Stopwatch;
  written: number;
  failure?: string;
  partial?: string;
}

async function writeTimed(lane: Lane, call: AppendCall, batch: number): Promise<void> {
  const prepared = lane.contender.prepare(call);
  lane.sw.start();
  try {
    await lane.contender.write(prepared);
  } finally {
    lane.sw.stop();
  }
  lane.written += batch;
}

/**
 * One batch size, every contender on its own fresh file, interleaved: the floor writes calls for ~200 ms (until
 * its share of `floorSeconds` is used or the event cap is reached), then ours writes the same calls, then Emmett.
 * A contender that throws stops there (its failure is reported); one past `storeSecondsCap` stops as partial.
 */
export async function raceAppend(
  config: BenchConfig, batch: number, makers: ReadonlyArray<(file: string) => AppendContender<any>>,
): Promise<{ lanes: Lane[]; peakRssMb: number }> {
  const lanes: Lane[] = [];
  const sampler = new RssSampler().start();
  try {
    for (const make of makers) {
      const file = freshDbFile(`append-b${batch}`);
      try {
        lanes.push({ contender: make(file), file, sw: new Stopwatch(), written: 0 });
      } catch (error) {
        removeDb(file);
        throw error;
      }
    }
    collectGarbage();
    await settle();
    // Warm-up: separate residents, not timed.
    for (const lane of lanes) {
      const warm = new AppendWorkload(batch, RESIDENT_POOL, WARMUP_RESIDENTS);
      const until = nowMs() + config.warmupSeconds * 1000;
      try {
        do {
          const c = warm.next();
          await lane.contender.write(lane.contender.prepare(c));
        } while (nowMs() < until);
      } catch (error) {
        lane.failure = `in warm-up: ${errorText(error)}`;
      }
    }
    const work = new AppendWorkload(batch, RESIDENT_POOL);
    const [floor, ...others] = lanes as [Lane, ...Lane[]];
    const cap = config.maxEvents(batch);
    while (floor.written < cap && floor.sw.seconds < config.floorSeconds) {
      const calls: AppendCall[] = [];
      const sliceEnd = nowMs() + SLICE_MS;
      do {
        const c = work.next();
        calls.push(c);
        await writeTimed(floor, c, batch);
        sampler.sample(8);
      } while (nowMs() < sliceEnd && floor.written < cap);
      for (const lane of others) {
        for (const c of calls) {
          if (lane.failure || lane.partial) break;
          if (lane.sw.seconds > config.storeSecondsCap) {
            lane.partial = `stopped at the ${config.storeSecondsCap} s cap after ${fmtNumber(lane.written)} events`;
            break;
          }
          try {
            await writeTimed(lane, c, batch);
          } catch (error) {
            lane.failure = `after ${fmtNumber(lane.written)} events: ${errorText(error)}`;
          }
          sampler.sample(4);
        }
      }
    }
    return { lanes, peakRssMb: sampler.stop() };
  } finally {
    sampler.stop();
    for (const lane of lanes) {
      try {
        await lane.contender.close();
      } catch { /* reported through the lane already */ }
      await settle(lane.contender.who === 'emmett' ? 300 : 0);
      removeDb(lane.file);
    }
  }
}

export const appendSuite: Suite = {
  name: 'append',
  async run(ctx) {
    const { config } = ctx;
    const peer = ctx.emmett;
    for (const batch of config.batchSizes) {
      const makers = [floorContender, oursContender, hashingFloorContender, ...(peer.available ? [(f: string) => emmettAppendContender(peer.module, f)] : [])];
      const { lanes, peakRssMb } = await raceAppend(config, batch, makers);
      for (const lane of lanes) {
        ctx.record({
          id: appendId(lane.contender.who, batch), count: lane.written, seconds: lane.sw.seconds, perSecond: perSecond(lane.written, lane.sw.ms),
          failure: lane.failure, partial: lane.partial, peakRssMb,
        });
      }
      ctx.log(`append b=${batch}: ${lanes.map((l) => `${l.contender.who} ${fmtNumber(perSecond(l.written, l.sw.ms))} ev/s over ${fmtNumber(l.written)}${l.failure ? ` FAILED ${l.failure}` : l.partial ? ` (${l.partial})` : ''}`).join('; ')}`);
    }
    ctx.sections.push({ order: 10, render: renderAppend });
  },
};

function renderAppend(ctx: BenchContext): { markdown: string; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const rows: string[][] = [];
  for (const batch of ctx.config.batchSizes) {
    const ours = ctx.measurements.get(appendId('ours', batch));
    const floor = ctx.measurements.get(appendId('floor', batch));
    const emmett = ctx.measurements.get(appendId('emmett', batch));
    const hashing = ctx.measurements.get(appendId('hashing', batch));
    if (!ours || !floor) continue;
    const ofFloor = ours.failure || !floor.perSecond ? null : (ours.perSecond ?? 0) / floor.perSecond;
    const hashingOk = hashing && !hashing.failure && (hashing.perSecond ?? 0) > 0;
    const hashingOfFloor = hashingOk && floor.perSecond ? hashing.perSecond! / floor.perSecond : null;
    const oursOfHashing = hashingOk && !ours.failure ? (ours.perSecond ?? 0) / hashing.perSecond! : null;
    const floorOk = ofFloor !== null && ofFloor >= 0.7;
    const emmettCompleted = emmett && !emmett.failure && (emmett.perSecond ?? 0) > 0;
    const vsEmmett = emmettCompleted && !ours.failure ? (ours.perSecond ?? 0) / emmett!.perSecond! : null;
    const emmettOk = vsEmmett === null ? null : vsEmmett >= 2;
    const emmettCell = !emmett
      ? (ctx.emmett.available ? 'not run' : 'not installed')
      : emmett.failure
        ? `FAILED ${emmett.failure} (${fmtNumber(emmett.perSecond)} ev/s until then)`
        : `${fmtNumber(emmett.perSecond)}${emmett.partial ? ` (${emmett.partial})` : ''}`;
    rows.push([
      String(batch), fmtNumber(floor.count),
      ours.failure ? `FAILED ${ours.failure}` : `${fmtNumber(ours.perSecond)}${ours.partial ? ` (${ours.partial})` : ''}`,
      fmtNumber(floor.perSecond), fmtPercent(ofFloor), passMiss(floorOk),
      hashing ? (hashing.failure ? `FAILED ${hashing.failure}` : fmtNumber(hashing.perSecond)) : 'not run', fmtPercent(hashingOfFloor), fmtPercent(oursOfHashing),
      emmettCell, fmtRatio(vsEmmett), emmett ? passMiss(emmettOk) : 'n/a', fmtNumber(ours.peakRssMb),
    ]);
    verdicts.push({ what: `append, batches of ${batch}: % of raw floor`, target: '≥ 70 %', figure: fmtPercent(ofFloor), pass: floorOk });
    verdicts.push({
      what: `append, batches of ${batch}: hashing floor, % of raw floor`,
      target: 'reported: the most a store that keeps #2\'s content hashes and hash chain can reach',
      figure: `${fmtPercent(hashingOfFloor)} (ours: ${fmtPercent(oursOfHashing)} of it)`, pass: null,
    });
    verdicts.push({
      what: `append, batches of ${batch}: × Emmett`, target: '≥ 2× where Emmett completes',
      figure: vsEmmett === null ? (emmett ? `Emmett failed: ${emmett.failure ?? 'no figure'}` : 'Emmett not run') : fmtRatio(vsEmmett), pass: emmettOk,
    });
  }
  const { config } = ctx;
  const markdown = [
    '## 1. Append throughput, every integrity guarantee (events/s)',
    '',
    `Our \`SqliteEventStore.append\` (UUID and metadata checks, canonical JSON, content hash, expected revision, unique ids, ` +
    `idempotent-retry rule, hash chain, head row; group commit) vs the raw floor (plain better-sqlite3 INSERTs of the same precomputed ` +
    `rows — same text and hashes — same columns and unique indexes, one BEGIN IMMEDIATE…COMMIT per batch, WAL, synchronous=FULL) vs ` +
    `Emmett's \`appendToStream\` (its defaults: WAL, synchronous FULL, a connection opened and closed per call). Calls are awaited one ` +
    `after another; call k writes its batch to one resident's vaccination stream (pool of ${fmtNumber(RESIDENT_POOL)} residents) with ` +
    `the exact expected revision. Data ≈ 400 B of canonical JSON (VaccinationRecorded) + metadata as the engine makes it. ` +
    `Only the store calls are timed. The stores run interleaved on their own fresh files (the floor ~${SLICE_MS} ms, then ours, the hashing floor and ` +
    `Emmett write the same calls), so background load on the machine hits them alike; the floor writes for ${config.floorSeconds} s ` +
    `(at most ${fmtNumber(config.maxEvents(1000))} events), the others the same calls, each capped at ${config.storeSecondsCap} s.`,
    '',
    'The hashing floor runs in the same race: the raw floor plus, inside the timed write, the least that #2 asks of every ' +
    'stored event — the data serialised (plain `JSON.stringify`, no cheaper than any canonical form), a SHA-256 content hash ' +
    'over type, version, stream and data, the batch\'s metadata serialised and hashed once, and a SHA-256 link to the previous ' +
    'row (`HashingFloor` in bench/lib/floor.ts). No checks, no head row. Its share of the raw floor is the most any store that ' +
    'keeps content hashes and a hash chain can reach on this machine; "ours % hashing" is what our checks, canonical form, ' +
    'savepoints and group commit cost beyond it.',
    '',
    markdownTable(
      ['batch', 'events', 'ours', 'raw floor', 'ours % floor', '≥ 70 % floor', 'hashing floor', 'hashing % floor', 'ours % hashing',
        'Emmett 0.38.5', 'ours ÷ Emmett', '≥ 2× Emmett', 'peak RSS MB'],
      rows, ['r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'l', 'r', 'l', 'r'],
    ),
  ].join('\n');
  return { markdown, verdicts };
}
