import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 written out literally and recursively, sharing no code with src/integrity/merkle: the independent
 * definition the incremental structure and the proof builders are checked against. Slow on purpose (no memo).
 */
const sha256 = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

export const referenceLeafHash = (entry: Uint8Array): Buffer => sha256(Buffer.of(0), entry);

/** k: the largest power of two smaller than n. */
function split(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/** MTH(D[n]) */
export function referenceRoot(entries: readonly Uint8Array[]): Buffer {
  const n = entries.length;
  if (n === 0) return sha256();
  if (n === 1) return referenceLeafHash(entries[0] as Uint8Array);
  const k = split(n);
  return sha256(Buffer.of(1), referenceRoot(entries.slice(0, k)), referenceRoot(entries.slice(k)));
}

/** PATH(m, D[n]) */
export function referencePath(m: number, entries: readonly Uint8Array[]): Buffer[] {
  const n = entries.length;
  if (n <= 1) return [];
  const k = split(n);
  if (m < k) return [...referencePath(m, entries.slice(0, k)), referenceRoot(entries.slice(k))];
  return [...referencePath(m - k, entries.slice(k)), referenceRoot(entries.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) */
export function referenceProof(m: number, entries: readonly Uint8Array[]): Buffer[] {
  return m === 0 ? [] : subproof(m, entries, true);
}

function subproof(m: number, entries: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = entries.length;
  if (m === n) return b ? [] : [referenceRoot(entries)];
  const k = split(n);
  if (m <= k) return [...subproof(m, entries.slice(0, k), b), referenceRoot(entries.slice(k))];
  return [...subproof(m - k, entries.slice(k), false), referenceRoot(entries.slice(0, k))];
}
