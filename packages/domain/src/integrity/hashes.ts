import { hash } from 'node:crypto';
import type { StoredRow } from '../ports/stored-rows.ts';

/** The chain starts from this value, so that the first event is chained like every other. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * How a store chains its rows, fixed when the store is created and kept for its whole life (store_meta), so that a
 * store written by an earlier version verifies as it was written.
 * 1: every stored field, data and metadata text included, goes into each link.
 * 2: the data goes in through the content hash when it is stored as the canonical plaintext (the content hash already
 *    covers exactly those bytes; the verifier recomputes it), and as text when it is sealed; the metadata through its
 *    own SHA-256. Each byte of a row is hashed once instead of twice.
 */
export type ChainFormat = 1 | 2;
export const CURRENT_CHAIN_FORMAT: ChainFormat = 2;

/** UTF-8 bytes are written into one reused buffer and hashed from there: no concatenated string per event. */
let scratch = Buffer.allocUnsafe(64 * 1024);

function scratchFor(chars: number): Buffer {
  // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
  if (scratch.length < chars * 3) scratch = Buffer.allocUnsafe(Math.max(chars * 3, scratch.length * 2));
  return scratch;
}

/**
 * SHA-256 over the canonical plaintext (type, schemaVersion, stream, canonical data): the event's content identity.
 * Judged on plaintext so that encrypting personal items later, with fresh nonces, keeps retries safe.
 */
export function contentHashOf(type: string, schemaVersion: number, stream: string, canonicalDataText: string): string {
  const header = `${type}\n${schemaVersion}\n${stream}\n`;
  const buffer = scratchFor(header.length + canonicalDataText.length);
  const n = buffer.write(header, 0);
  const m = buffer.write(canonicalDataText, n);
  return hash('sha256', buffer.subarray(0, n + m), 'hex');
}

/** SHA-256 of an event's canonical metadata text, as chain format 2 links it. */
export function metadataHashOf(metadataText: string): string {
  const buffer = scratchFor(metadataText.length);
  return hash('sha256', buffer.subarray(0, buffer.write(metadataText, 0)), 'hex');
}

/** The stored row as the chain sees it: exactly the text that is at rest, so any changed byte changes the hash. */
export type ChainedFields = Omit<StoredRow, 'chainHash'>;

/** The length-prefixed tenant and stream, between the id and the revision in every link. */
const streamSegment = (tenant: string, stream: string) => `\n${tenant.length}:${tenant}\n${stream.length}:${stream}\n`;

/** The length-prefixed type, schema version and recording time, between the revision and the content hash. */
function middleSegment(type: string, schemaVersion: number, recordedAt: string): string {
  const version = String(schemaVersion);
  return `\n${type.length}:${type}\n${version.length}:${version}\n${recordedAt.length}:${recordedAt}\n`;
}

/** The fields every format links, each length-prefixed so that fields stay apart (the segments are shared with ChainLinker). */
function linkText(previous: string, row: ChainedFields, streamPart: string, middlePart: string): string {
  const position = String(row.position);
  const revision = String(row.revision);
  return previous + '\n' + position.length + ':' + position + '\n' + row.id.length + ':' + row.id + streamPart +
    revision.length + ':' + revision + middlePart + row.contentHash.length + ':' + row.contentHash;
}

const headerOf = (previous: string, row: ChainedFields) =>
  linkText(previous, row, streamSegment(row.tenant, row.stream), middleSegment(row.type, row.schemaVersion, row.recordedAt));

/** Format 1: chainHash(n) = SHA-256(chainHash(n−1) ‖ length-prefixed fields of row n, metadata and data text included). */
export function chainHashV1(previous: string, row: ChainedFields): string {
  const head = headerOf(previous, row);
  const buffer = scratchFor(head.length + row.metadataText.length + row.dataText.length + 32);
  let n = buffer.write(head, 0);
  n += buffer.write(`\n${row.metadataText.length}:`, n);
  n += buffer.write(row.metadataText, n);
  n += buffer.write(`\n${row.dataText.length}:`, n);
  n += buffer.write(row.dataText, n);
  return hash('sha256', buffer.subarray(0, n), 'hex');
}

/**
 * Format 2: chainHash(n) = SHA-256(chainHash(n−1) ‖ length-prefixed fields of row n ‖ SHA-256(metadata) ‖ data), where
 * data is the single mark `=` when the stored text is the canonical plaintext that the content hash covers, and the
 * length-prefixed stored text otherwise (sealed data).
 */
export function chainHashV2(previous: string, row: ChainedFields, metadataHash: string, dataIsContent: boolean): string {
  const head = `${headerOf(previous, row)}\n${metadataHash}\n`;
  if (dataIsContent) return hash('sha256', `${head}=`, 'hex');
  const buffer = scratchFor(head.length + row.dataText.length + 16);
  let n = buffer.write(head, 0);
  n += buffer.write(`${row.dataText.length}:`, n);
  n += buffer.write(row.dataText, n);
  return hash('sha256', buffer.subarray(0, n), 'hex');
}

/**
 * chainHashV2 for many rows in a row, with less garbage: the fields that rows of one stream and one batch share
 * (tenant and stream; type, schema version and recording time) are joined once, not per row. An append of a thousand
 * events otherwise builds some forty small strings per link, and the collector's time to clear them was a quarter of
 * a large append. Same text, same hash as chainHashV2.
 */
export class ChainLinker {
  // null until the first row: any string, the empty one included, is then a change.
  private tenant: string | null = null;
  private stream: string | null = null;
  private streamPart = '';
  private type: string | null = null;
  private version = -1;
  private recordedAt: string | null = null;
  private middlePart = '';

  link(previous: string, row: ChainedFields, metadataHash: string, dataIsContent: boolean): string {
    if (!dataIsContent) return chainHashV2(previous, row, metadataHash, false);
    if (row.tenant !== this.tenant || row.stream !== this.stream) {
      this.tenant = row.tenant;
      this.stream = row.stream;
      this.streamPart = streamSegment(row.tenant, row.stream);
    }
    if (row.type !== this.type || row.schemaVersion !== this.version || row.recordedAt !== this.recordedAt) {
      this.type = row.type;
      this.version = row.schemaVersion;
      this.recordedAt = row.recordedAt;
      this.middlePart = middleSegment(row.type, row.schemaVersion, row.recordedAt);
    }
    return hash('sha256', `${linkText(previous, row, this.streamPart, this.middlePart)}\n${metadataHash}\n=`, 'hex');
  }
}

/**
 * Recomputes links from stored rows alone, for verifiers. In format 2 a row's data counts as its content exactly when
 * the content hash of its text matches: text changed behind the store's back then fails that test, is linked as text,
 * and so breaks the chain.
 */
export class ChainHasher {
  private lastMetadataText: string | null = null;
  private lastMetadataHash = '';

  constructor(readonly format: ChainFormat) {}

  linkOf(previous: string, row: ChainedFields): string {
    if (this.format === 1) return chainHashV1(previous, row);
    if (row.metadataText !== this.lastMetadataText) {
      this.lastMetadataText = row.metadataText;
      this.lastMetadataHash = metadataHashOf(row.metadataText);
    }
    const dataIsContent = contentHashOf(row.type, row.schemaVersion, row.stream, row.dataText) === row.contentHash;
    return chainHashV2(previous, row, this.lastMetadataHash, dataIsContent);
  }
}
