import { randomUUID } from 'node:crypto';
import {
  canonicalJson, chainHashV2, contentHashOf, currentVersionOf, GENESIS_HASH, metadataHashOf, newEventId,
  type EventMetadata, type EventToAppend,
} from '@vaxledger/domain';

/** 仙台市: the city the performance targets are set for. */
export const TENANT = '041009';

const VACCINES = ['influenza', 'pneumococcal-elderly', 'covid19', 'hpv', 'mr', 'dpt-ipv-hib', 'pcv', 'hib'] as const;
const MAKERS = ['第一三共', 'KMバイオロジクス', 'BIKEN', 'MSD', 'ファイザー'] as const;
const VACCINATION_RECORDED_VERSION = currentVersionOf('VaccinationRecorded');

export const residentId = (n: number): string => `R${String(n).padStart(9, '0')}`;
export const vaccinationStream = (resident: number): string => `${TENANT}/vaccination/${residentId(resident)}`;

/** Metadata exactly as `EngineContext.metadata()` makes it for a session's command. */
export const engineMetadata = (): EventMetadata => ({
  operatorId: 'clinic.import', purpose: 'registration', correlationId: randomUUID(), causationId: null, source: 'api',
});

/** A VaccinationRecorded as a clinic slip yields it: about 400 bytes of canonical JSON (Japanese maker and remarks). */
export function vaccinationEvent(resident: number, seq: number, metadata: EventMetadata = engineMetadata()): EventToAppend {
  const vaccine = VACCINES[seq % VACCINES.length]!;
  const day = 1 + (seq % 28);
  return {
    // The engine's own ids for new events (UUIDv7, time-ordered); the floor writes the very same rows.
    id: newEventId(),
    type: 'VaccinationRecorded',
    schemaVersion: VACCINATION_RECORDED_VERSION,
    data: {
      recordId: randomUUID(),
      residentId: residentId(resident),
      source: 'clinic-slip',
      vaccine,
      dose: 1 + (seq % 4),
      date: `2026-10-${String(day).padStart(2, '0')}`,
      product: `${vaccine.toUpperCase()}-HA「${seq % 2 ? '第一三共' : 'ビケン'}」`,
      clinicNo: `04${String(1_000_000 + (seq % 9_000_000)).slice(0, 8)}`,
      lot: `L${String(seq % 100_000).padStart(6, '0')}A`,
      amount: '0.5mL',
      maker: MAKERS[seq % MAKERS.length]!,
      category: 'routine',
      examiningDoctor: `D${String(seq % 9973).padStart(6, '0')}`,
      vaccinatingDoctor: `D${String((seq * 7) % 9973).padStart(6, '0')}`,
      remarks: seq % 3 === 0 ? '予診票は医療機関で保管' : '',
      warnings: seq % 5 === 0 ? ['interval-short'] : [],
    },
    metadata,
  };
}

/**
 * The append calls of a measurement: call k writes `batchSize` events to one resident's stream, residents taken in
 * turn from a pool, each call with the exact expected revision a command would have loaded.
 */
export class AppendWorkload {
  private readonly revisions = new Map<number, number>();
  private call = 0;
  private seq = 0;

  constructor(readonly batchSize: number, private readonly residentPool: number, private readonly residentOffset = 0) {}

  /** The next call: its stream, events, and the stream's current revision (-1 when it has none). */
  next(): { resident: number; stream: string; events: EventToAppend[]; revision: number } {
    const resident = this.residentOffset + (this.call++ % this.residentPool);
    const revision = this.revisions.get(resident) ?? -1;
    const metadata = engineMetadata();
    const events: EventToAppend[] = [];
    for (let i = 0; i < this.batchSize; i++) events.push(vaccinationEvent(resident, this.seq++, metadata));
    this.revisions.set(resident, revision + this.batchSize);
    return { resident, stream: vaccinationStream(resident), events, revision };
  }
}

/** The row our store writes for an event, computed ahead of time for the raw floor (same text, same hashes). */
export interface FloorRow {
  readonly position: number; readonly id: string; readonly tenant: string; readonly stream: string; readonly revision: number;
  readonly type: string; readonly schemaVersion: number; readonly recordedAt: string; readonly contentHash: string;
  readonly metadata: string; readonly data: string; readonly chainHash: string;
}

/** Turns append calls into the exact rows (positions, revisions, chain) the floor inserts. */
export class FloorRowMaker {
  private position = 0;
  private chain = GENESIS_HASH;

  rows(stream: string, events: readonly EventToAppend[], revisionBefore: number, recordedAt = new Date().toISOString()): FloorRow[] {
    let revision = revisionBefore;
    // As the store does: the batch's metadata hashed once; data stored as plaintext, linked through its content hash.
    const metadataText = events.length > 0 ? canonicalJson(events[0]!.metadata) : '';
    const metadataHash = metadataHashOf(metadataText);
    return events.map((e) => {
      const dataText = canonicalJson(e.data);
      const row = {
        position: BigInt(++this.position), id: e.id, tenant: TENANT, stream, revision: BigInt(++revision), type: e.type,
        schemaVersion: e.schemaVersion, recordedAt, contentHash: contentHashOf(e.type, e.schemaVersion, stream, dataText),
        metadataText: e.metadata === events[0]!.metadata ? metadataText : canonicalJson(e.metadata), dataText,
      };
      this.chain = chainHashV2(this.chain, row, row.metadataText === metadataText ? metadataHash : metadataHashOf(row.metadataText), true);
      return {
        position: this.position, id: row.id, tenant: TENANT, stream, revision, type: row.type, schemaVersion: row.schemaVersion,
        recordedAt, contentHash: row.contentHash, metadata: row.metadataText, data: dataText, chainHash: this.chain,
      };
    });
  }
}
