// Finishing erasures: whatever of an erased person's keys remains (a crash or an error came between recording
// SubjectErased and destroying the keys, or a key file was restored from a backup) is destroyed by the next process.
import { heldSlipSubject, residentDecider, streams, type KeyStore } from '@vaxledger/domain';
import type { VerifyProblem } from '@vaxledger/projections';
import type { SubjectKeys } from '../ports/subject-keys.ts';
import type { EngineContext } from './engine-context.ts';

/** What a SubjectErased event says was erased, in clear: whose, and which held slips went with them. */
export interface RecordedErasure {
  readonly position: number;
  readonly tenant: string;
  readonly residentId: string;
  readonly slipIds: readonly string[];
}

/** Every key an erasure destroys: the person's own and each held slip's that went with them. */
export function subjectsOfErasure(residentId: string, slipIds: readonly string[]): string[] {
  return [residentId, ...slipIds.map(heldSlipSubject)];
}

/** Destroys those of `subjects` whose keys remain; how many it destroyed. A destroyed key is never destroyed twice. */
export async function destroyRemaining(cipher: SubjectKeys, tenant: string, subjects: readonly string[]): Promise<number> {
  const left = await cipher.keysLeft(tenant, subjects);
  for (const subject of left) await cipher.destroy(tenant, subject);
  return left.length;
}

/**
 * At open: the erasures noted as pending in the key store whose SubjectErased is recorded are finished (their
 * remaining keys destroyed, the eligibility snapshot discarded) and their notes cleared; a note without the event is
 * an erasure still under way in another process (or one that never got recorded) and is left alone. One read of the
 * key store when nothing is pending. Returns the residents whose erasure it finished.
 */
export async function finishPendingErasures(engine: EngineContext): Promise<string[]> {
  const keyStore: KeyStore | undefined = engine.keyStore;
  if (!engine.cipher || !keyStore?.pendingErasures) return [];
  const finished: string[] = [];
  for (const { residentId, subjects } of await keyStore.pendingErasures(engine.tenant)) {
    const { state } = await engine.load(residentDecider, streams.resident(engine.tenant, residentId));
    if (state.status !== 'erased') continue;
    if (await destroyRemaining(engine.cipher, engine.tenant, subjects) > 0) finished.push(residentId);
    await engine.discardEligibilitySnapshot();
    await keyStore.clearPendingErasure?.(engine.tenant, residentId);
  }
  return finished;
}

/**
 * For verify: every erasure the store records, checked against the key store; a key that remains is destroyed now
 * and reported at the position of its SubjectErased (as are erasures this process finished when it opened the store).
 */
export async function finishRecordedErasures(cipher: SubjectKeys, erasures: readonly RecordedErasure[], finishedAtOpen: ReadonlySet<string> = new Set()): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  for (const e of erasures) {
    const destroyed = await destroyRemaining(cipher, e.tenant, subjectsOfErasure(e.residentId, e.slipIds));
    if (destroyed > 0 || finishedAtOpen.has(`${e.tenant}/${e.residentId}`)) {
      problems.push({
        position: e.position, kind: 'erasure-unfinished',
        detail: `an erasure recorded here had left ${destroyed > 0 ? destroyed : 'some'} key(s) in the key file: destroyed now, the erasure is finished`,
      });
    }
  }
  return problems;
}
