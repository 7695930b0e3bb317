import { docKey, type ProjectionStore } from '@vaxledger/projections';

/** 整理番号 are zero-padded to a fixed width, which a clerk often leaves off (100006 for 0000100006). */
const LONGEST_PADDED = 16;

/**
 * The registered 整理番号 a mistyped all-digit id stands for when only its leading zeros are missing, or undefined. Only
 * the id is returned, never anything about the person: the clerk then asks for that ledger (and that read is logged).
 */
export async function paddedResidentId(projections: ProjectionStore, tenant: string, residentId: string): Promise<string | undefined> {
  if (!/^\d{1,15}$/.test(residentId)) return undefined;
  const candidates: string[] = [];
  for (let width = residentId.length + 1; width <= LONGEST_PADDED; width++) candidates.push(residentId.padStart(width, '0'));
  const docs = await projections.getDocs('residents', candidates.map((id) => docKey(tenant, id)));
  return candidates.find((id) => docs.has(docKey(tenant, id)));
}
