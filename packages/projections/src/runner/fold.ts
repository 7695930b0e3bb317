import type { AnyProjection, ProjectedEvent } from '../projection.ts';

/** Folds events through a projection in memory: the reference a stored projection is compared with. */
export function foldProjection<Doc>(projection: AnyProjection, events: Iterable<ProjectedEvent>, docs = new Map<string, Doc>()): Map<string, Doc> {
  for (const e of events) applyToDocs(projection, e, docs);
  return docs;
}

export function applyToDocs<Doc>(projection: AnyProjection, e: ProjectedEvent, docs: Map<string, Doc>, positions?: Map<string, number>): void {
  for (const prefix of projection.dropsOf?.(e) ?? []) {
    for (const key of [...docs.keys()]) if (key.startsWith(prefix)) docs.delete(key);
  }
  for (const key of projection.keysOf(e)) {
    const next = projection.evolve(docs.get(key), e, key) as Doc | undefined;
    if (next === undefined) docs.delete(key);
    else docs.set(key, next);
    positions?.set(key, e.position);
  }
}
