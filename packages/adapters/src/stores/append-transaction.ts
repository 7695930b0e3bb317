import {
  chainHashV1, ChainLinker, canonicalJson, contentHashOf, metadataHashOf, type ChainFormat, DomainError, DuplicateEventIdError, EventMetadataSchema, isUuid,
  isValidLocalGovernmentCode, parseStreamName, WrongExpectedRevisionError,
  type AppendResult, type EventCodec, type EventToAppend, type ExpectedRevision, type StoredRow, type StoreHead,
} from '@vaxledger/domain';

/** What an adapter must offer inside one write transaction. The append rules themselves live here, once. */
export interface AppendTransaction {
  /** How the store links rows (see ChainFormat). */
  readonly chainFormat: ChainFormat;
  streamRevision(stream: string): bigint | null;
  findById(id: string): { stream: string; contentHash: string; position: bigint; revision: bigint } | null;
  head(): StoreHead;
  /** When the row at the head was recorded (null for an empty store): recorded time never runs backwards past it. */
  headRecordedAt(): string | null;
  /** Inserts the row unless its id is already stored; returns whether it inserted. `plaintext` is the data before sealing. */
  tryInsert(row: StoredRow, plaintext: string): boolean;
  setHead(head: StoreHead): void;
}

export function validateStreamName(stream: string): string {
  const parsed = parseStreamName(stream);
  if (!parsed) throw new DomainError('invalid-stream', `stream name ${JSON.stringify(stream.slice(0, 80))} is not <tenant>/<kind>/<id>`);
  if (!isValidLocalGovernmentCode(parsed.tenant)) {
    throw new DomainError('invalid-tenant', `tenant code ${JSON.stringify(parsed.tenant.slice(0, 10))} is not a 全国地方公共団体コード with a valid check digit`);
  }
  return parsed.tenant;
}

function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}

function expectationMet(expected: ExpectedRevision, actual: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === null;
  if (expected === 'stream_exists') return actual !== null;
  return actual === expected;
}

export interface PreparedEvent {
  readonly event: EventToAppend;
  readonly dataText: string;
  readonly metadataText: string;
  /** SHA-256 of metadataText (chain format 2). */
  readonly metadataHash: string;
  readonly contentHash: string;
  /** The stored text is the canonical plaintext, so the content hash covers it (chain format 2 links it that way). */
  readonly dataIsContent: boolean;
  /** The canonical plaintext of the data (equal to dataText when nothing is sealed). */
  readonly plaintext: string;
}

/**
 * Serialises, hashes (and, with a codec, seals) one stream's events as the writer iterates them, one at a time, inside
 * its transaction: each row is garbage as soon as it is inserted, instead of a whole batch of prepared rows living
 * until the write, where every minor collection has to copy them. Iterated again (a retry is checked before anything
 * is written), it prepares them again. The content hash is taken on the canonical plaintext; with a codec, what is
 * stored is the sealed form (fresh nonces every time), so a retry is still recognised by its plaintext hash.
 */
export class PreparedEvents implements Iterable<PreparedEvent> {
  constructor(readonly stream: string, readonly events: readonly EventToAppend[], private readonly codec?: EventCodec) {}

  *[Symbol.iterator](): Iterator<PreparedEvent> {
    const { stream, events, codec } = this;
    const tenant = codec ? stream.slice(0, stream.indexOf('/')) : '';
    const seen = new Set<string>();
    // A batch usually shares one metadata object: validate, serialise and hash it once.
    let lastMetadata: unknown;
    let lastMetadataText = '';
    let lastMetadataHash = '';
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (typeof event.id !== 'string' || !isUuid(event.id)) throw new DomainError('invalid-event-id', `event ${index}: id is not a UUID`);
      if (seen.has(event.id)) throw new DomainError('duplicate-in-batch', `event ${index}: id ${event.id} appears twice in the batch`);
      seen.add(event.id);
      if (typeof event.type !== 'string' || event.type.length === 0) throw new DomainError('invalid-event', `event ${index}: no type`);
      if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) throw new DomainError('invalid-event', `event ${index}: bad schemaVersion`);
      if (event.metadata !== lastMetadata) {
        const meta = EventMetadataSchema.safeParse(event.metadata);
        if (!meta.success) throw new DomainError('invalid-metadata', `event ${index}: metadata ${meta.error.issues.map((i) => i.path.join('.')).join(', ')} invalid`);
        lastMetadata = event.metadata;
        lastMetadataText = canonicalJson(meta.data);
        lastMetadataHash = metadataHashOf(lastMetadataText);
      }
      const plaintext = canonicalJson(event.data);
      const contentHash = contentHashOf(event.type, event.schemaVersion, stream, plaintext);
      const dataText = codec ? canonicalJson(codec.seal(tenant, stream, event.id, event.type, event.data)) : plaintext;
      yield {
        event, dataText, metadataText: lastMetadataText, metadataHash: lastMetadataHash, contentHash, plaintext,
        dataIsContent: dataText === plaintext,
      };
    }
  }
}

/** Every event of a batch prepared at once (the memory store, which checks a whole batch before it writes). */
export function prepareEvents(stream: string, events: readonly EventToAppend[], codec?: EventCodec): PreparedEvent[] {
  return [...new PreparedEvents(stream, events, codec)];
}

/**
 * The time a unit is recorded at: the clock read inside the write transaction, but never before the head's time (a
 * clock set back, or another process's clock ahead of ours, must not make recorded time run backwards along the
 * positions: `--as-of` and the operation log read the store in recorded time).
 */
export function recordedTimeAfter(now: Date, headRecordedAt: string | null): string {
  const head = headRecordedAt === null ? NaN : Date.parse(headRecordedAt);
  return Number.isNaN(head) || now.getTime() >= head ? now.toISOString() : new Date(head).toISOString();
}

/**
 * The append rules, shared by every adapter: expected revision enforced, ids unique, a retry of a stored batch is a
 * no-op, the same id with other content is refused, positions gap-free and chained. Runs inside the adapter's
 * transaction; any throw must roll the whole batch back.
 */
export function applyAppend(
  tx: AppendTransaction,
  stream: string,
  tenant: string,
  prepared: Iterable<PreparedEvent>,
  expected: ExpectedRevision,
  now: Date,
): AppendResult {
  const current = tx.streamRevision(stream);
  if (!expectationMet(expected, current)) {
    const retry = storedRetry(tx, stream, prepared);
    if (retry) return { nextExpectedRevision: current ?? -1n, lastPosition: retry, appended: 0 };
    throw new WrongExpectedRevisionError(stream, describeExpected(expected), current);
  }
  let head = tx.head();
  // Taken here, inside the transaction, after any wait for the write lock: not when the caller started.
  const recordedAt = recordedTimeAfter(now, tx.headRecordedAt());
  let revision = current ?? -1n;
  const linker = new ChainLinker();
  let inserted = 0;
  let skipped = 0;
  let lastPosition = head.position;
  for (const p of prepared) {
    const position = head.position + 1n;
    const row = {
      position, id: p.event.id, tenant, stream, revision: revision + 1n, type: p.event.type,
      schemaVersion: p.event.schemaVersion, recordedAt, contentHash: p.contentHash,
      metadataText: p.metadataText, dataText: p.dataText, chainHash: '',
    };
    row.chainHash = tx.chainFormat === 1 ? chainHashV1(head.chainHash, row) : linker.link(head.chainHash, row, p.metadataHash, p.dataIsContent);
    if (tx.tryInsert(row, p.plaintext)) {
      head = { position, chainHash: row.chainHash };
      revision += 1n;
      inserted++;
      lastPosition = position;
    } else {
      const stored = tx.findById(p.event.id);
      if (!stored || stored.stream !== stream || stored.contentHash !== p.contentHash) throw new DuplicateEventIdError(p.event.id);
      skipped++;
      if (stored.position > lastPosition) lastPosition = stored.position;
    }
  }
  if (inserted > 0 && skipped > 0) {
    throw new DomainError('partial-retry', `stream ${stream}: the batch mixes events already stored with new ones`, 'conflict');
  }
  if (inserted > 0) tx.setHead(head);
  return { nextExpectedRevision: revision, lastPosition, appended: inserted };
}

/** When every event of the batch is already stored identically in this stream, the batch is a safe retry. */
function storedRetry(tx: AppendTransaction, stream: string, prepared: Iterable<PreparedEvent>): bigint | null {
  let last = 0n;
  let any = false;
  for (const p of prepared) {
    any = true;
    const stored = tx.findById(p.event.id);
    if (!stored) return null;
    if (stored.stream !== stream || stored.contentHash !== p.contentHash) throw new DuplicateEventIdError(p.event.id);
    if (stored.position > last) last = stored.position;
  }
  return any ? last : null;
}
