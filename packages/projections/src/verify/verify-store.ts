import { canonicalJson, ChainHasher, GENESIS_HASH, recordedEventOf, type EventCodec, type EventStore } from '@vaxledger/domain';
import type { AnyProjection, ProjectedEvent } from '../projection.ts';
import type { ProjectionStore } from '../projection-store.ts';
import { projectedEventOf } from '../runner/projected-events.ts';

export type ProblemKind =
  | 'gap' | 'chain-broken' | 'unreadable' | 'head-mismatch' | 'projection-ahead' | 'projection-mismatch' | 'projection-missing-document' | 'projection-extra-document';

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

/**
 * Recomputes the hash chain over every stored row, checks positions are gap-free and every row parses, rebuilds
 * every projection from zero (up to its stored checkpoint) and compares it with the stored one.
 */
export async function verifyStore(store: EventStore, projectionStore: ProjectionStore, projections: readonly AnyProjection[], codec?: EventCodec): Promise<VerifyReport> {
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
  const rebuilt = new Map<string, Map<string, { doc: unknown; position: number }>>();
  for (const p of compared) rebuilt.set(p.name, new Map());
  const appendOnlyCompared = new Map<string, number>();

  let expected = 1;
  let previous = GENESIS_HASH;
  let events = 0;
  let chainIntact = true;
  const chain = new ChainHasher(store.chainFormat());
  for await (const row of store.readStoredRows(0n)) {
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
    let projected: ProjectedEvent;
    try {
      if (codec) await codec.prepareRows([row]);
      projected = projectedEventOf(recordedEventOf(row, codec), previous);
    } catch {
      report({ position, kind: 'unreadable', detail: 'the stored event does not parse' });
      previous = row.chainHash;
      continue;
    }
    previous = row.chainHash;
    for (const p of compared) {
      if (position > checkpoints.get(p.name)!) continue;
      const docs = rebuilt.get(p.name)!;
      for (const key of p.keysOf(projected)) {
        const next = p.evolve(docs.get(key)?.doc, projected, key);
        if (next === undefined) docs.delete(key);
        else docs.set(key, { doc: next, position });
      }
      if (p.appendOnly) {
        // Written once: compare now and let it go, so the log never has to fit in memory.
        for (const [key, value] of docs) {
          const stored = (await projectionStore.getDocs(p.name, [key])).get(key);
          if (!stored) report({ position, kind: 'projection-missing-document', detail: `${p.name}: no stored document for this event` });
          else if (canonicalJson(stored.doc) !== canonicalJson(value.doc)) report({ position, kind: 'projection-mismatch', detail: `${p.name}: stored document differs from the rebuild` });
          appendOnlyCompared.set(p.name, (appendOnlyCompared.get(p.name) ?? 0) + 1);
        }
        docs.clear();
      }
    }
  }

  const head = await store.head();
  const headPosition = Number(head.position);
  if (headPosition !== expected - 1 || (events > 0 && head.chainHash !== previous) || (events === 0 && head.chainHash !== GENESIS_HASH)) {
    report({ position: Math.min(headPosition, expected - 1) + 1, kind: 'head-mismatch', detail: `the recorded head (${headPosition}) does not match the last stored event (${expected - 1})` });
  }

  const summaries: Array<{ name: string; checkpoint: number; documents: number }> = [];
  for (const p of projections) {
    const checkpoint = checkpoints.get(p.name)!;
    if (checkpoint > expected - 1) report({ position: expected, kind: 'projection-ahead', detail: `${p.name}: checkpoint ${checkpoint} is beyond the last stored event` });
    const storedCount = await projectionStore.count(p.name);
    const staleVersion = stale.get(p.name);
    summaries.push({ name: p.name, checkpoint, documents: storedCount, ...(staleVersion === undefined ? {} : { staleVersion }) });
    if (staleVersion !== undefined) continue;
    if (p.appendOnly) {
      if (storedCount !== (appendOnlyCompared.get(p.name) ?? 0)) await reportExtraAppendOnly(p, projectionStore, expected - 1, report);
      continue;
    }
    const docs = rebuilt.get(p.name)!;
    const seen = new Set<string>();
    for await (const stored of projectionStore.scan(p.name)) {
      seen.add(stored.key);
      const mine = docs.get(stored.key);
      if (!mine) report({ position: stored.position, kind: 'projection-extra-document', detail: `${p.name}: a stored document that no event produced` });
      else if (canonicalJson(mine.doc) !== canonicalJson(stored.doc)) {
        report({ position: Math.max(mine.position, stored.position), kind: 'projection-mismatch', detail: `${p.name}: stored document differs from the rebuild` });
      }
    }
    for (const [key, mine] of docs) {
      if (!seen.has(key)) report({ position: mine.position, kind: 'projection-missing-document', detail: `${p.name}: a document is missing from the stored projection` });
    }
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

async function reportExtraAppendOnly(
  p: AnyProjection, projectionStore: ProjectionStore, lastPosition: number, report: (p: VerifyProblem) => void,
): Promise<void> {
  // More stored entries than events: find the one no event explains (beyond the last event, or a second one for a position).
  const positions = new Set<number>();
  for await (const stored of projectionStore.scan(p.name)) {
    if (stored.position > lastPosition || positions.has(stored.position)) {
      report({ position: stored.position, kind: 'projection-extra-document', detail: `${p.name}: an entry that no event explains` });
      return;
    }
    positions.add(stored.position);
  }
}
