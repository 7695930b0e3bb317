/**
 * 請求突合: a clinic's own claim (its CSV) against the city's, line by line. A line is the same dose when the person,
 * the vaccine, the dose and the vaccination date agree; then only the amount can differ.
 */
import type { Vaccine } from '../events/vaccination-events.ts';
import type { PayableLine } from './claim-lines.ts';

/** One line of the clinic's claim file, as read (its line number in the file kept for the message). */
export interface TheirClaimLine {
  readonly line: number;
  readonly residentId: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly date: string;
  readonly amount: number;
}

export type ReconcileOutcome =
  | { readonly kind: 'matched'; readonly ours: PayableLine; readonly theirs: TheirClaimLine }
  | { readonly kind: 'amount-differs'; readonly ours: PayableLine; readonly theirs: TheirClaimLine }
  | { readonly kind: 'only-theirs'; readonly theirs: TheirClaimLine }
  | { readonly kind: 'only-ours'; readonly ours: PayableLine };

const keyOf = (l: { residentId: string; vaccine: string; dose: number; date: string }) => `${l.residentId}/${l.vaccine}/${l.dose}/${l.date}`;

/** Every line of both claims, once: theirs in file order (matched, differing or theirs only), then ours left over. */
export function reconcileClaim(ours: readonly PayableLine[], theirs: readonly TheirClaimLine[]): ReconcileOutcome[] {
  const open = new Map<string, PayableLine[]>();
  for (const l of ours) open.set(keyOf(l), [...(open.get(keyOf(l)) ?? []), l]);
  const out: ReconcileOutcome[] = [];
  for (const t of theirs) {
    const candidates = open.get(keyOf(t));
    const mine = candidates?.shift();
    if (!mine) out.push({ kind: 'only-theirs', theirs: t });
    else out.push({ kind: mine.amount === t.amount ? 'matched' : 'amount-differs', ours: mine, theirs: t });
  }
  for (const rest of open.values()) for (const l of rest) out.push({ kind: 'only-ours', ours: l });
  return out;
}
