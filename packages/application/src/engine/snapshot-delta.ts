import type { StoredRowReader } from '@vaxledger/domain';

/**
 * The residents named by this tenant's events after `position`: every person whose eligibility documents may have
 * changed since a snapshot taken there (a superset: reads and other events that name a person are counted too). Read
 * from the stored rows, whose resident ids are in clear, so nothing is opened. Null when more than `limit` rows came
 * after it: reading the projection's documents afresh then costs less.
 */
export async function residentsNamedSince(storedRows: StoredRowReader, tenant: string, position: number, limit: number): Promise<{ residents: Set<string>; rows: number } | null> {
  const residents = new Set<string>();
  let rows = 0;
  for await (const row of storedRows.readStoredRows(BigInt(position))) {
    if (++rows > limit) return null;
    if (row.tenant !== tenant || !row.dataText.includes('"residentId"')) continue;
    const residentId = (JSON.parse(row.dataText) as { residentId?: unknown }).residentId;
    if (typeof residentId === 'string') residents.add(residentId);
  }
  return { residents, rows };
}
