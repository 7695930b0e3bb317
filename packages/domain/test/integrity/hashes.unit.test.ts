import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChainLinker, chainHashV2, contentHashOf, type ChainedFields } from '../../src/integrity/hashes.ts';

/** The definitions, written the slow and obvious way (a string, then its UTF-8 bytes): what stored hashes were made with. */
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const field = (text: string) => `${text.length}:${text}`;
const referenceContentHash = (type: string, version: number, stream: string, data: string) => sha(`${type}\n${version}\n${stream}\n${data}`);
function referenceChainHashV2(previous: string, row: ChainedFields, metadataHash: string, dataIsContent: boolean): string {
  const header = [previous, field(String(row.position)), field(row.id), field(row.tenant), field(row.stream), field(String(row.revision)),
    field(row.type), field(String(row.schemaVersion)), field(row.recordedAt), field(row.contentHash)].join('\n');
  return sha(`${header}\n${metadataHash}\n${dataIsContent ? '=' : field(row.dataText)}`);
}

// Mostly ASCII, as real fields are, with kana, kanji and astral characters mixed in.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', '0', '-', '/', ':', '\n'), fc.constantFrom('あ', 'ア', '漢', 'ｶ', '𠮷', 'é')), maxLength: 60 });
const row = fc.record({
  position: fc.bigInt({ min: 1n, max: 2n ** 53n }), id: text, tenant: text, stream: text, revision: fc.bigInt({ min: 0n, max: 2n ** 40n }),
  type: text, schemaVersion: fc.integer({ min: 1, max: 99 }), recordedAt: text, contentHash: text, metadataText: text, dataText: fc.string({ maxLength: 400 }),
});

describe('hashes written straight into bytes', () => {
  it('contentHashOf equals SHA-256 of the header and data text as one UTF-8 string', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 999 }), text, fc.string({ maxLength: 2000 }), (type, version, stream, data) => {
      expect(contentHashOf(type, version, stream, data)).toBe(referenceContentHash(type, version, stream, data));
    }), { numRuns: 500 });
  });

  it('chainHashV2 equals the link built as a string, data as content or as text', () => {
    fc.assert(fc.property(text, row, text, fc.boolean(), (previous, r, metadataHash, dataIsContent) => {
      expect(chainHashV2(previous, r, metadataHash, dataIsContent)).toBe(referenceChainHashV2(previous, r, metadataHash, dataIsContent));
    }), { numRuns: 500 });
  });

  it('a ChainLinker links a run of rows exactly as chainHashV2 does, whichever fields they share', () => {
    // Rows drawn from a few tenants, streams, types and times, so that the shared parts are reused and changed.
    const pool = <T>(xs: fc.Arbitrary<T>) => fc.array(xs, { minLength: 1, maxLength: 3 });
    const runs = fc.tuple(pool(text), pool(text), pool(text), pool(fc.integer({ min: 1, max: 99 })), pool(text)).chain(([tenants, streams, types, versions, times]) =>
      fc.array(fc.record({
        row: fc.tuple(row, fc.constantFrom(...tenants), fc.constantFrom(...streams), fc.constantFrom(...types), fc.constantFrom(...versions), fc.constantFrom(...times))
          .map(([r, tenant, stream, type, schemaVersion, recordedAt]) => ({ ...r, tenant, stream, type, schemaVersion, recordedAt })),
        metadataHash: text,
        dataIsContent: fc.boolean(),
      }), { maxLength: 12 }));
    fc.assert(fc.property(text, runs, (genesis, rows) => {
      const linker = new ChainLinker();
      let previous = genesis;
      for (const { row: r, metadataHash, dataIsContent } of rows) {
        const link = linker.link(previous, r, metadataHash, dataIsContent);
        expect(link).toBe(referenceChainHashV2(previous, r, metadataHash, dataIsContent));
        previous = link;
      }
    }), { numRuns: 300 });
  });
});
