import { measurementId, type BenchContext, type Measurement, type Suite, type Verdict } from '../lib/context.ts';
import { AppendWorkload, vaccinationEvent, vaccinationStream } from '../lib/fixtures.ts';
import { fmtNumber, fmtRatio, markdownTable, passMiss } from '../lib/markdown.ts';
import { collectGarbage, RssSampler } from '../lib/memory.ts';
import type { EmmettSQLiteModule } from '../lib/peers.ts';
import { nowMs, perSecond, settle, Stopwatch, withTimeout } from '../lib/timing.ts';
import { freshDbFile, removeDb } from '../lib/workdir.ts';
import { floorContender, oursContender, RESIDENT_POOL } from './append.ts';
import { muteEmmettLogs, toEmmett } from './emmett.ts';

const id = (who: 'ours' | 'floor' | 'ceiling' | 'emmett') => measurementId('concurrent', who);
/** Streams per caller: each caller cycles over its own residents, so no two callers ever share a stream. */
const STREAMS_PER_CALLER = 50;
const SLICE_SECONDS = 0.5;

type SingleAppend = (resident: number, revision: number, seq: number) => Promise<void>;

/**
 * `callers` loops at once (Promise.all); each awaits its single-event append before issuing the next, to its own
 * streams with exact expected revisions. `runFor` may be called again: revisions carry over. Counts events whose
 * append resolved (committed).
 */
class Callers {
  private readonly revisions: number[][];
  private seq = 0;
  count = 0;
  ms = 0;
  failure: string | undefined;

  constructor(private readonly callers: number, private readonly append: SingleAppend, private readonly residentBase: number) {
    this.revisions = Array.from({ length: callers }, () => new Array<number>(STREAMS_PER_CALLER).fill(-1));
  }

  async runFor(seconds: number): Promise<void> {
    const started = nowMs();
    const until = started + seconds * 1000;
    const loops = Array.from({ length: this.callers }, async (_, caller) => {
      const revs = this.revisions[caller]!;
      for (let k = 0; nowMs() < until && this.failure === undefined; k++) {
        const slot = (this.seq + k) % STREAMS_PER_CALLER;
        const resident = this.residentBase + slot * this.callers + caller;
        try {
          await this.append(resident, revs[slot]!, this.seq++);
        } catch (error) {
          const e = error as { code?: string; message?: string };
          this.failure ??= `after ${fmtNumber(this.count)} events: ${e.code && !String(e.message).includes(e.code) ? `${e.code}: ` : ''}${String(e.message ?? error).slice(0, 100)}`;
          return;
        }
        revs[slot]! += 1;
        this.count++;
      }
    });
    try {
      await withTimeout(Promise.all(loops), (seconds + 60) * 1000, `${this.callers} callers`);
    } catch (error) {
      this.failure ??= `after ${fmtNumber(this.count)} events: ${(error as Error).message}`;
    }
    this.ms += nowMs() - started;
  }
}

export const concurrentSuite: Suite = {
  name: 'concurrent',
  async run(ctx) {
    const { config } = ctx;
    const floorFile = freshDbFile('concurrent-floor');
    const ceilingFile = freshDbFile('concurrent-ceiling');
    const oursFile = freshDbFile('concurrent-ours');
    const floor = floorContender(floorFile);
    // The physical limit of group commit here: the same rows, as many per transaction as there are callers (each
    // caller has one append outstanding, so no commit can gather more), raw better-sqlite3, nothing else.
    const ceiling = floorContender(ceilingFile);
    const ours = oursContender(oursFile);
    // Counts commits, to report how many appends one fsync served (the store's db handle is public).
    let commits = 0;
    const exec = ours.store.db.exec.bind(ours.store.db);
    ours.store.db.exec = (sql: string) => {
      if (sql === 'COMMIT') commits++;
      return exec(sql);
    };
    const sampler = new RssSampler().start();
    try {
      const work = new AppendWorkload(1, RESIDENT_POOL);
      const floorSw = new Stopwatch();
      let floorCount = 0;
      const ceilingWork = new AppendWorkload(1, RESIDENT_POOL);
      const ceilingSw = new Stopwatch();
      let ceilingCount = 0;
      const oursCallers = new Callers(config.concurrentCallers, (resident, revision, seq) =>
        ours.write({ stream: vaccinationStream(resident), events: [vaccinationEvent(resident, seq)], revision }) as Promise<void>, 1_000_000);
      // Warm-up, then slices of ~0.5 s each, alternating, until each has had its time.
      await new Callers(config.concurrentCallers, (r, rev, s) =>
        ours.write({ stream: vaccinationStream(r), events: [vaccinationEvent(r, s)], revision: rev }) as Promise<void>, 5_000_000).runFor(config.warmupSeconds);
      collectGarbage();
      await settle();
      commits = 0;
      const slice = Math.min(SLICE_SECONDS, config.floorSeconds);
      while (floorSw.seconds < config.floorSeconds && !oursCallers.failure) {
        const sliceEnd = nowMs() + slice * 1000;
        do {
          const c = work.next();
          const rows = floor.prepare(c);
          floorSw.timeSync(() => floor.write(rows));
          floorCount++;
        } while (nowMs() < sliceEnd);
        const ceilingEnd = nowMs() + slice * 1000;
        do {
          const rows = Array.from({ length: config.concurrentCallers }, () => ceiling.prepare(ceilingWork.next())).flat();
          ceilingSw.timeSync(() => ceiling.write(rows));
          ceilingCount += rows.length;
        } while (nowMs() < ceilingEnd);
        sampler.sample(1);
        await oursCallers.runFor(slice);
      }
      ctx.record({ id: id('floor'), count: floorCount, seconds: floorSw.seconds, perSecond: perSecond(floorCount, floorSw.ms), peakRssMb: sampler.stop() });
      ctx.record({ id: id('ceiling'), count: ceilingCount, seconds: ceilingSw.seconds, perSecond: perSecond(ceilingCount, ceilingSw.ms) });
      ctx.record({
        id: id('ours'), count: oursCallers.count, seconds: oursCallers.ms / 1000,
        perSecond: oursCallers.failure ? null : perSecond(oursCallers.count, oursCallers.ms), failure: oursCallers.failure,
        peakRssMb: sampler.stop(), note: `${fmtNumber(commits)} commits, ${(oursCallers.count / Math.max(1, commits)).toFixed(1)} appends per commit`,
      });
    } finally {
      sampler.stop();
      await floor.close();
      await ceiling.close();
      await ours.close();
      removeDb(floorFile);
      removeDb(ceilingFile);
      removeDb(oursFile);
    }
    const f = ctx.measurements.get(id('floor'))!;
    const o = ctx.measurements.get(id('ours'))!;
    const g = ctx.measurements.get(id('ceiling'))!;
    ctx.log(`concurrent: floor (1 tx per event) ${fmtNumber(f.perSecond)} ev/s; raw ceiling (${config.concurrentCallers} per tx) ${fmtNumber(g.perSecond)} ev/s; ours, ${config.concurrentCallers} callers: ${o.failure ? `FAILED ${o.failure}` : `${fmtNumber(o.perSecond)} ev/s`} (${o.note})`);
    if (ctx.emmett.available) {
      collectGarbage();
      await settle();
      const e = ctx.record(await runEmmett(ctx, ctx.emmett.module));
      ctx.log(`concurrent: Emmett: ${e.failure ? `FAILED ${e.failure}` : `${fmtNumber(e.perSecond)} ev/s`}`);
    }
    ctx.sections.push({ order: 20, render });
  },
};

async function runEmmett(ctx: BenchContext, emmett: EmmettSQLiteModule): Promise<Measurement> {
  const file = freshDbFile('concurrent-emmett');
  const unmute = muteEmmettLogs();
  try {
    const store = emmett.getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'CreateOrUpdate' } });
    // The first call creates the schema; not concurrently.
    await store.appendToStream(vaccinationStream(1), [toEmmett(vaccinationEvent(1, 0))], { expectedStreamVersion: 0n });
    const callers = new Callers(ctx.config.concurrentCallers, async (resident, revision, seq) => {
      await store.appendToStream(vaccinationStream(resident), [toEmmett(vaccinationEvent(resident, seq))], { expectedStreamVersion: BigInt(revision + 1) });
    }, 1_000_000);
    await callers.runFor(ctx.config.floorSeconds);
    return { id: id('emmett'), count: callers.count, seconds: callers.ms / 1000, perSecond: callers.failure ? null : perSecond(callers.count, callers.ms), failure: callers.failure };
  } catch (error) {
    return { id: id('emmett'), count: 0, seconds: 0, perSecond: null, failure: String((error as Error).message ?? error).slice(0, 120) };
  } finally {
    unmute();
    await settle(300);
    removeDb(file);
  }
}

function render(ctx: BenchContext): { markdown: string; verdicts: Verdict[] } {
  const ours = ctx.measurements.get(id('ours'))!;
  const floor = ctx.measurements.get(id('floor'))!;
  const ceiling = ctx.measurements.get(id('ceiling'))!;
  const emmett = ctx.measurements.get(id('emmett'));
  const ceilingX = ceiling.perSecond && floor.perSecond ? ceiling.perSecond / floor.perSecond : null;
  const x = ours.perSecond && floor.perSecond ? ours.perSecond / floor.perSecond : null;
  const ok = x !== null && x >= 10;
  const emmettCell = !emmett ? (ctx.emmett.available ? 'not run' : 'not installed') : emmett.failure ? `FAILED ${emmett.failure}` : fmtNumber(emmett.perSecond);
  const vsEmmett = emmett?.perSecond && ours.perSecond ? ours.perSecond / emmett.perSecond : null;
  const markdown = [
    `## 2. Concurrent single-event appends (durable events/s)`,
    '',
    `${ctx.config.concurrentCallers} callers at once (Promise.all), each awaiting one single-event append after another to its own ` +
    `streams (${STREAMS_PER_CALLER} residents each, exact expected revisions). An event counts once its append resolved, i.e. after ` +
    `COMMIT with synchronous=FULL. The floor is one transaction (one fsync) per event, raw better-sqlite3, run in ${SLICE_SECONDS} s ` +
    `slices alternating with ours (${ctx.config.floorSeconds} s each in all). The raw ceiling is what group commit can reach at ` +
    `best on this disk: the same rows, ${ctx.config.concurrentCallers} per transaction (each caller has one append outstanding, so no ` +
    `commit can gather more), raw better-sqlite3, in slices of its own. Emmett runs afterwards, ${ctx.config.floorSeconds} s.`,
    '',
    markdownTable(
      ['store', 'events', 'events/s', '× one-tx-per-event floor', 'target ≥ 10×', 'note'],
      [
        ['ours (group commit)', fmtNumber(ours.count), ours.failure ? `FAILED ${ours.failure}` : fmtNumber(ours.perSecond), fmtRatio(x), passMiss(ok), ours.note ?? ''],
        ['raw floor, 1 tx per event', fmtNumber(floor.count), fmtNumber(floor.perSecond), '1.00×', '', ''],
        [`raw ceiling, ${ctx.config.concurrentCallers} events per tx`, fmtNumber(ceiling.count), fmtNumber(ceiling.perSecond), fmtRatio(ceilingX), '',
          ceiling.perSecond && ours.perSecond ? `ours is ${Math.round((100 * ours.perSecond) / ceiling.perSecond)} % of it` : ''],
        ['Emmett 0.38.5', fmtNumber(emmett?.count), emmettCell, emmett?.perSecond && floor.perSecond ? fmtRatio(emmett.perSecond / floor.perSecond) : '—', '',
          vsEmmett ? `ours ÷ Emmett ${fmtRatio(vsEmmett)}` : ''],
      ],
      ['l', 'r', 'r', 'r', 'l', 'l'],
    ),
  ].join('\n');
  return {
    markdown,
    verdicts: [{
      what: `${ctx.config.concurrentCallers} concurrent single-event callers: × one-tx-per-event floor`, target: '≥ 10×',
      figure: `${fmtRatio(x)} (raw ceiling, ${ctx.config.concurrentCallers} events per tx: ${fmtRatio(ceilingX)})`, pass: ok,
    }],
  };
}
