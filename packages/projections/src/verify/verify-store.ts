import { canonicalJson, ChainHasher, GENESIS_HASH, recordedEventOf, VaxledgerError, type EventCodec, type StoredRow, type StoredRowReader } from '@vaxledger/domain';
import { MemoryProjectionStore } from '../memory-projection-store.ts';
import type { AnyProjection } from '../projection.ts';
import type { ProjectionStore, StoredDoc, UnreadableDocument } from '../projection-store.ts';
import { projectedEventOf } from '../runner/projected-events.ts';
import { ProjectionRunner } from '../runner/projection-runner.ts';
import { verifiedEventsView } from './verified-events-view.ts';

export type ProblemKind =
  | 'gap' | 'chain-broken' | 'time-backwards' | 'unreadable' | 'head-mismatch' | 'projection-ahead' | 'projection-mismatch' | 'projection-missing-document' | 'projection-extra-document'
  | 'projection-unreadable-document'
  /** A person recorded as erased still had a key in the key file (an interrupted erasure): destroyed by the verification. */
  | 'erasure-unfinished';

export interface VerifyProblem {
  readonly position: number;
  readonly kind: ProblemKind;
  /** Names the projection or the check; never personal data. */
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly headPosition: number;
  readonly headHash: string;
  readonly firstBadPosition: number | null;
  readonly problems: readonly VerifyProblem[];
  readonly projections: ReadonlyArray<{
    name: string; checkpoint: number; documents: number;
    /**
     * The version the stored projection was built at, when this version of the code builds another: it was not
     * compared (a rebuild here would differ by design) and is rebuilt from the events at the next catch-up, before
     * anything reads it.
     */
    staleVersion?: number;
  }>;
}

const MAX_PROBLEMS = 50;
/** Documents compared per query, stored against rebuilt; also the rows whose keys are fetched at once. */
const COMPARE_PAGE = 1000;

/** The three steps of a verification, in order; `done` and `total` count rows, positions and documents. */
export type VerifyPhase = 'chain' | 'rebuild' | 'compare';
export type VerifyProgress = (phase: VerifyPhase, done: number, total: number) => void;

export interface VerifyOptions {
  /**
   * Where the projections are rebuilt, empty and thrown away afterwards: a file-backed store keeps a city's rebuild
   * out of memory (the adapters give one: a temporary SQLite file, sealed like the store). In memory by default.
   */
  readonly scratch?: ProjectionStore;
  /** Told how far each step has gone: a city's verification takes many minutes (the CLI draws a bar on a terminal). */
  readonly onProgress?: VerifyProgress;
  /**
   * Told of every SubjectErased row (its data is clear), so that the caller can check that each erasure's keys are
   * gone from the key store, which this function never sees.
   */
  readonly onSubjectErased?: (erasure: { position: number; tenant: string; residentId: string; slipIds: readonly string[] }) => void;
}

/**
 * Recomputes the hash chain over every stored row, checks positions are gap-free and every row parses, rebuilds
 * every projection from zero (up to its stored checkpoint) and compares it with the stored one. It reads only the
 * stored rows (StoredRowReader): the events it rebuilds from are decoded from them here.
 *
 * Memory stays bounded whatever the store's size: the projections are rebuilt by the projection runner into `scratch`
 * (documents held a page at a time), then compared document by document, a thousand per query.
 */
export async function verifyStore(
  storedRows: StoredRowReader, projectionStore: ProjectionStore, projections: readonly AnyProjection[], codec?: EventCodec, options: VerifyOptions = {},
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const report = (p: VerifyProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const checkpoints = new Map<string, number>();
  const stale = new Map<string, number>();
  for (const p of projections) {
    checkpoints.set(p.name, await projectionStore.checkpoint(p.name));
    const version = await projectionStore.version(p.name);
    if (version !== null && version !== p.version) stale.set(p.name, version);
  }
  // A projection written by another version of the code is not checked against this version's rebuild.
  const compared = projections.filter((p) => !stale.has(p.name));

  const progress = options.onProgress ?? (() => undefined);
  const headAtStart = Number((await storedRows.head()).position);
  // 1. The chain, the positions and the parsing of every row. The operation log is read from these rows (it is not
  //    stored apart), so this check covers it.
  let expected = 1;
  let previous = GENESIS_HASH;
  let events = 0;
  let chainIntact = true;
  // Recorded time never runs backwards along the positions (the append path dates a row no earlier than the head).
  let previousTime = -Infinity;
  const unreadable = new Set<number>();
  const chain = new ChainHasher(storedRows.chainFormat());
  const check = async (rows: readonly StoredRow[]) => {
    // The keys a page needs, fetched once for the page; a row too damaged to name its subject fails that, and is
    // then found (and named) below, row by row.
    let prepared = codec === undefined;
    if (codec) await codec.prepareRows(rows).then(() => { prepared = true; }, () => undefined);
    for (const row of rows) {
      const position = Number(row.position);
      events++;
      if (chainIntact) {
        if (position !== expected) {
          report({ position: Math.min(position, expected), kind: 'gap', detail: `expected position ${expected}, found ${position}` });
          chainIntact = false;
        } else if (chain.linkOf(previous, row) !== row.chainHash) {
          report({ position, kind: 'chain-broken', detail: 'the stored row does not match its chain hash' });
          chainIntact = false;
        }
      }
      expected = position + 1;
      const time = Date.parse(row.recordedAt);
      if (Number.isNaN(time) || time < previousTime) {
        report({ position, kind: 'time-backwards', detail: Number.isNaN(time) ? 'the recorded time is not a time' : `recorded at ${row.recordedAt}, before the row before it` });
      }
      if (time > previousTime) previousTime = time;
      if (options.onSubjectErased && row.type === 'SubjectErased') {
        try {
          const data = JSON.parse(row.dataText) as { residentId?: unknown; slipIds?: unknown };
          if (typeof data.residentId === 'string') {
            const slipIds = Array.isArray(data.slipIds) ? data.slipIds.filter((id): id is string => typeof id === 'string') : [];
            options.onSubjectErased({ position, tenant: row.tenant, residentId: data.residentId, slipIds });
          }
        } catch {
          // Reported below as unreadable.
        }
      }
      try {
        if (codec && !prepared) await codec.prepareRows([row]);
        projectedEventOf(recordedEventOf(row, codec), previous);
      } catch (error) {
        // A sealed item or its key that does not open says so (our errors carry no personal data); anything else,
        // only that it does not parse (a parser's message may quote the text).
        report({ position, kind: 'unreadable', detail: error instanceof VaxledgerError ? error.message : 'the stored event does not parse' });
        unreadable.add(position);
      }
      previous = row.chainHash;
    }
  };
  let page: StoredRow[] = [];
  for await (const row of storedRows.readStoredRows(0n)) {
    page.push(row);
    if (page.length >= COMPARE_PAGE) {
      await check(page);
      page = [];
      progress('chain', events, Math.max(headAtStart, events));
    }
  }
  await check(page);
  progress('chain', events, Math.max(headAtStart, events));

  const head = await storedRows.head();
  const headPosition = Number(head.position);
  if (headPosition !== expected - 1 || (events > 0 && head.chainHash !== previous) || (events === 0 && head.chainHash !== GENESIS_HASH)) {
    report({ position: Math.min(headPosition, expected - 1) + 1, kind: 'head-mismatch', detail: `the recorded head (${headPosition}) does not match the last stored event (${expected - 1})` });
  }

  // 2. The projections, rebuilt from zero up to their stored checkpoints (rows that do not parse left out,
  //    as reported above), by the same runner that keeps them, into the scratch store.
  const scratch = options.scratch ?? new MemoryProjectionStore();
  const rebuiltUpTo = new Map<number, AnyProjection[]>();
  for (const p of compared) {
    const upTo = Math.min(checkpoints.get(p.name)!, expected - 1);
    rebuiltUpTo.set(upTo, [...(rebuiltUpTo.get(upTo) ?? []), p]);
  }
  const rebuildTotal = [...rebuiltUpTo.keys()].reduce((sum, upTo) => sum + Math.max(0, upTo), 0);
  let rebuilt = 0;
  progress('rebuild', 0, rebuildTotal);
  for (const [upTo, group] of rebuiltUpTo) {
    if (upTo <= 0) continue;
    const onProgress = (position: number) => progress('rebuild', rebuilt + position, rebuildTotal);
    await new ProjectionRunner(verifiedEventsView(storedRows, codec, upTo, unreadable), scratch, group, { onProgress }).catchUp();
    rebuilt += upTo;
    progress('rebuild', rebuilt, rebuildTotal);
  }

  // 3. Stored against rebuilt, document by document.
  const summaries: Array<{ name: string; checkpoint: number; documents: number }> = [];
  const counts = new Map<string, number>();
  for (const p of projections) counts.set(p.name, await projectionStore.count(p.name));
  const compareTotal = compared.reduce((sum, p) => sum + counts.get(p.name)!, 0);
  let comparedDocs = 0;
  progress('compare', 0, compareTotal);
  for (const p of projections) {
    const checkpoint = checkpoints.get(p.name)!;
    if (checkpoint > expected - 1) report({ position: expected, kind: 'projection-ahead', detail: `${p.name}: checkpoint ${checkpoint} is beyond the last stored event` });
    const storedCount = counts.get(p.name)!;
    const staleVersion = stale.get(p.name);
    summaries.push({ name: p.name, checkpoint, documents: storedCount, ...(staleVersion === undefined ? {} : { staleVersion }) });
    if (staleVersion !== undefined) continue;
    await compareDocuments(p.name, projectionStore, scratch, report, (done) => progress('compare', comparedDocs + done, compareTotal));
    comparedDocs += storedCount;
  }

  problems.sort((a, b) => a.position - b.position);
  return {
    ok: problems.length === 0,
    events,
    headPosition,
    headHash: head.chainHash,
    firstBadPosition: problems[0]?.position ?? null,
    problems,
    projections: summaries,
  };
}

/**
 * Every stored document against the rebuilt one with its key, a page of keys per query; then, if the rebuild has
 * documents that were not matched, those are missing from the stored projection. Key order is not relied on, so
 * two stores that sort keys differently compare alike.
 */
async function compareDocuments(
  name: string, stored: ProjectionStore, rebuilt: ProjectionStore, report: (p: VerifyProblem) => void, onCompared: (done: number) => void,
): Promise<void> {
  let matched = 0;
  let done = 0;
  let page: Array<{ key: string } & StoredDoc> = [];
  // A stored document that does not open (changed bytes, a changed or missing key) is a problem found, not a crash.
  const unreadable = new Set<string>();
  const onUnreadable = (d: UnreadableDocument) => {
    if (unreadable.has(d.key)) return;
    unreadable.add(d.key);
    report({ position: d.position, kind: 'projection-unreadable-document', detail: `${name}: ${d.reason}` });
  };
  const comparePage = async () => {
    const mine = await rebuilt.getDocs(name, page.map((d) => d.key));
    for (const s of page) {
      const m = mine.get(s.key);
      if (!m) {
        report({ position: s.position, kind: 'projection-extra-document', detail: `${name}: a stored document that no event produced` });
        continue;
      }
      matched++;
      if (canonicalJson(m.doc) !== canonicalJson(s.doc)) {
        report({ position: Math.max(m.position, s.position), kind: 'projection-mismatch', detail: `${name}: stored document differs from the rebuild` });
      }
    }
    done += page.length;
    onCompared(done);
    page = [];
  };
  for await (const s of stored.scan(name, { onUnreadable })) {
    page.push(s);
    if (page.length >= COMPARE_PAGE) await comparePage();
  }
  await comparePage();
  if (matched === (await rebuilt.count(name)) && unreadable.size === 0) return;
  let keys: Array<{ key: string; position: number }> = [];
  const findMissing = async () => {
    const found = await stored.getDocs(name, keys.map((k) => k.key), { onUnreadable });
    for (const k of keys) {
      if (!found.has(k.key) && !unreadable.has(k.key)) report({ position: k.position, kind: 'projection-missing-document', detail: `${name}: a document is missing from the stored projection` });
    }
    keys = [];
  };
  for await (const m of rebuilt.scan(name)) {
    keys.push({ key: m.key, position: m.position });
    if (keys.length >= COMPARE_PAGE) await findMissing();
  }
  await findMissing();
}
