import { SqliteEventStore } from '@vaxledger/adapters';
import { measurementId, type BenchContext, type Measurement, type Suite, type Verdict } from '../lib/context.ts';
import { AppendWorkload } from '../lib/fixtures.ts';
import { rawReadAll } from '../lib/floor.ts';
import { fmtNumber, fmtPercent, fmtRatio, markdownTable, passMiss } from '../lib/markdown.ts';
import { collectGarbage, RssSampler } from '../lib/memory.ts';
import type { EmmettSQLiteModule } from '../lib/peers.ts';
import { nowMs, perSecond, settle } from '../lib/timing.ts';
import { freshDbFile, removeDb } from '../lib/workdir.ts';
import { expectedRevisionOf } from './append.ts';
import { muteEmmettLogs, toEmmett } from './emmett.ts';

const id = (who: 'ours' | 'floor' | 'emmett') => measurementId('read-all', who);
const PAGE = 2000;
/** Rebuild target: 10M events in ≤ 150 s, and ≥ 50 % of the raw read-and-parse rate. */
const TEN_MILLION = 10_000_000;

/** Something the JIT cannot drop: a running checksum of what was read. */
let sink = 0;
const consume = (data: unknown, metadata: unknown) => {
  sink = (sink + ((data as { dose?: number }).dose ?? 0) + ((metadata as { source?: string }).source?.length ?? 0)) | 0;
};

async function populateOurs(file: string, events: number): Promise<void> {
  const store = SqliteEventStore.open(file);
  try {
    // Batches of 100 to distinct residents: many streams, as a city's store has.
    const work = new AppendWorkload(Math.min(100, events), 1_000_000);
    for (let n = 0; n < events; n += work.batchSize) {
      const c = work.next();
      await store.append(c.stream, c.events, { expectedRevision: expectedRevisionOf(c.revision) });
    }
  } finally {
    await store.close();
  }
}

async function timeOnce(fn: () => number | Promise<number>): Promise<Measurement> {
  collectGarbage();
  await settle();
  const sampler = new RssSampler().start();
  const t0 = nowMs();
  const count = await fn();
  const ms = nowMs() - t0;
  return { id: '', count, seconds: ms / 1000, perSecond: perSecond(count, ms), peakRssMb: sampler.stop() };
}

const better = (a: Measurement | undefined, b: Measurement): Measurement => (!a || (b.perSecond ?? 0) > (a.perSecond ?? 0) ? b : a);

/** Fills an Emmett store with the same kind of events (a failed call is retried: filling is not what is measured). */
async function populateEmmett(emmett: EmmettSQLiteModule, file: string, events: number, seconds: number): Promise<{ written: number; retries: number }> {
  const store = emmett.getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'CreateOrUpdate' } });
  // Batches of 1,000 to fill it sooner; the read does not depend on the batching.
  const work = new AppendWorkload(Math.min(1000, events), 1_000_000);
  const until = nowMs() + seconds * 1000;
  let written = 0;
  let retries = 0;
  while (written < events && nowMs() < until) {
    const c = work.next();
    const batch = c.events.map(toEmmett);
    for (let attempt = 0; ; attempt++) {
      try {
        await store.appendToStream(c.stream, batch, { expectedStreamVersion: BigInt(c.revision + 1) });
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        retries++;
        await settle(20);
      }
    }
    written += batch.length;
  }
  await settle(200);
  return { written, retries };
}

function emmettReadAll(emmett: EmmettSQLiteModule, file: string): () => Promise<number> {
  return async () => {
    const conn = emmett.sqliteConnection({ fileName: file });
    try {
      let after = 0n;
      let count = 0;
      for (;;) {
        const r = await emmett.readMessagesBatch(conn, { after, batchSize: PAGE });
        for (const e of r.messages) consume(e.data, e.metadata);
        count += r.messages.length;
        if (!r.areEventsLeft || r.messages.length === 0) return count;
        after = r.currentGlobalPosition;
      }
    } finally {
      conn.close();
    }
  };
}

export const readAllSuite: Suite = {
  name: 'read-all',
  async run(ctx) {
    const { config } = ctx;
    const events = config.readAllEvents;
    const file = freshDbFile('read-all');
    const emmettFile = freshDbFile('read-all-emmett');
    const unmute = ctx.emmett.available ? muteEmmettLogs() : () => {};
    let store: SqliteEventStore | null = null;
    try {
      const t0 = nowMs();
      await populateOurs(file, events);
      ctx.log(`read-all: wrote ${fmtNumber(events)} events through our store in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
      let emmettNote: string | undefined;
      let emmettFailure: string | undefined;
      if (ctx.emmett.available) {
        try {
          const t1 = nowMs();
          const p = await populateEmmett(ctx.emmett.module, emmettFile, events, Math.max(60, config.storeSecondsCap * 4));
          emmettNote = `${p.written < events ? `filled with only ${fmtNumber(p.written)} events in the time allowed; ` : ''}${p.retries} failed append(s) retried while filling`;
          ctx.log(`read-all: wrote ${fmtNumber(p.written)} events through Emmett in ${((nowMs() - t1) / 1000).toFixed(1)} s (${p.retries} retries)`);
        } catch (error) {
          emmettFailure = `filling its store failed: ${String((error as Error).message ?? error).slice(0, 100)}`;
        }
      }
      store = SqliteEventStore.open(file, { readonly: true });
      const oursStore = store;
      let floor: Measurement | undefined;
      let ours: Measurement | undefined;
      let emmett: Measurement | undefined;
      // Alternating rounds, best of each: background load hits all alike.
      for (let round = 0; round < Math.max(2, config.rounds + 1); round++) {
        floor = better(floor, await timeOnce(() => rawReadAll(file, PAGE, consume)));
        ours = better(ours, await timeOnce(async () => {
          let count = 0;
          for await (const e of oursStore.readAll()) {
            consume(e.data, e.metadata);
            count++;
          }
          return count;
        }));
        if (ctx.emmett.available && !emmettFailure) {
          try {
            emmett = better(emmett, await timeOnce(emmettReadAll(ctx.emmett.module, emmettFile)));
          } catch (error) {
            emmettFailure = `read failed: ${String((error as Error).message ?? error).slice(0, 100)}`;
          }
        }
      }
      ctx.record({ ...floor!, id: id('floor') });
      ctx.record({ ...ours!, id: id('ours') });
      if (ctx.emmett.available) {
        ctx.record(emmettFailure ? { id: id('emmett'), count: 0, seconds: 0, perSecond: null, failure: emmettFailure } : { ...emmett!, id: id('emmett'), note: emmettNote });
      }
      ctx.log(`read-all: floor ${fmtNumber(floor!.perSecond)} ev/s, ours ${fmtNumber(ours!.perSecond)} ev/s, Emmett ${emmettFailure ?? fmtNumber(emmett?.perSecond)}`);
    } finally {
      unmute();
      await store?.close();
      await settle(200);
      removeDb(file);
      removeDb(emmettFile);
    }
    ctx.sections.push({ order: 30, render });
  },
};

function render(ctx: BenchContext): { markdown: string; verdicts: Verdict[] } {
  const ours = ctx.measurements.get(id('ours'))!;
  const floor = ctx.measurements.get(id('floor'))!;
  const emmett = ctx.measurements.get(id('emmett'));
  const ofFloor = ours.perSecond && floor.perSecond ? ours.perSecond / floor.perSecond : null;
  const tenMillionSeconds = ours.perSecond ? TEN_MILLION / ours.perSecond : null;
  const vsEmmett = emmett?.perSecond && ours.perSecond ? ours.perSecond / emmett.perSecond : null;
  const emmettCell = !emmett ? (ctx.emmett.available ? 'not run' : 'not installed') : emmett.failure ? `FAILED ${emmett.failure}` : fmtNumber(emmett.perSecond);
  const markdown = [
    `## 3. Read-all throughput (events/s)`,
    '',
    `${fmtNumber(ctx.config.readAllEvents)} events written through our store (batches of 100, one resident each), then read from the ` +
    `start: ours is \`for await (const e of store.readAll())\` (pages of ${PAGE}, envelopes with data and metadata parsed); the raw floor is ` +
    `\`SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ${PAGE}\` with \`JSON.parse\` of data and metadata, nothing else. ` +
    `Emmett: \`readMessagesBatch\` (pages of ${PAGE}) over its own store holding the same kind of events. Rounds alternate between the readers; best of ${Math.max(2, ctx.config.rounds + 1)} each. The projection-rebuild ` +
    `targets (≥ 50 % of this floor, 10M events ≤ 150 s) apply to a rebuild, of which read-all is the upper bound; shown here as indicative.`,
    '',
    markdownTable(
      ['reader', 'events', 'events/s', '% of raw floor', '10M events at this rate', 'peak RSS MB', 'note'],
      [
        ['ours: readAll', fmtNumber(ours.count), fmtNumber(ours.perSecond), fmtPercent(ofFloor), tenMillionSeconds ? `${tenMillionSeconds.toFixed(0)} s` : '—', fmtNumber(ours.peakRssMb), ''],
        ['raw floor: SELECT + JSON.parse', fmtNumber(floor.count), fmtNumber(floor.perSecond), '100 %', floor.perSecond ? `${(TEN_MILLION / floor.perSecond).toFixed(0)} s` : '—', fmtNumber(floor.peakRssMb), ''],
        ['Emmett 0.38.5: readMessagesBatch', fmtNumber(emmett?.count), emmettCell, emmett?.perSecond && floor.perSecond ? fmtPercent(emmett.perSecond / floor.perSecond) : '—', '',
          fmtNumber(emmett?.peakRssMb), `${vsEmmett ? `ours ÷ Emmett ${fmtRatio(vsEmmett)}. ` : ''}${emmett?.note ?? ''}`],
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  ].join('\n');
  return {
    markdown,
    verdicts: [
      { what: 'read-all: % of raw read-and-parse floor (indicative for rebuild ≥ 50 %)', target: '≥ 50 %', figure: fmtPercent(ofFloor), pass: ofFloor === null ? null : ofFloor >= 0.5 },
      { what: 'read-all: 10M events at this rate (indicative for rebuild ≤ 150 s)', target: '≤ 150 s', figure: tenMillionSeconds ? `${tenMillionSeconds.toFixed(0)} s` : '—', pass: tenMillionSeconds === null ? null : tenMillionSeconds <= 150 },
    ],
  };
}
