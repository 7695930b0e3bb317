import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readRegistryFile, type RegistryReadResult } from '../../src/formats/registry-file.ts';
import { parseMapping } from '../../src/formats/mapping.ts';
import { formatFileErrors } from '@vaxledger/application';
import { csvField, encode, isoOf, peopleArb, REGISTRY_HEADER, registryRow, type DateStyle, type Enc, type Person } from './fixtures.ts';

/**
 * Properties over random valid registry files: the file reads back to what was written; a harmless change reads
 * the same; a harmful one gives errors that name the damaged line, and never a partial result.
 */
interface Model {
  people: Person[];
  styles: DateStyle[];
  enc: Enc;
  eol: '\r\n' | '\n';
}

const modelArb: fc.Arbitrary<Model> = peopleArb.chain((people) =>
  fc.record({
    people: fc.constant(people),
    styles: fc.array(fc.constantFrom<DateStyle>('iso', 'compact', 'kanji', 'coded'), { minLength: people.length, maxLength: people.length }),
    enc: fc.constantFrom<Enc>('cp932', 'utf-8', 'utf-8-bom'),
    eol: fc.constantFrom('\r\n' as const, '\n' as const),
  }),
);

const serialize = (fields: readonly string[]) => fields.map((f) => csvField(f)).join(',');

/** The file as lines of records, and the physical line each record starts on. */
function layout(records: readonly string[]) {
  const starts: number[] = [];
  let line = 1;
  for (const r of records) {
    starts.push(line);
    line += 1 + (r.match(/\n/g)?.length ?? 0);
  }
  return starts;
}

function build(m: Model, edit: (records: string[][]) => void = () => {}) {
  const rows = [[...REGISTRY_HEADER], ...m.people.map((p, i) => registryRow(p, m.styles[i]!))];
  edit(rows);
  const records = rows.map(serialize);
  return { records, starts: layout(records), text: records.join(m.eol) + m.eol };
}

const read = (bytes: Uint8Array, encoding?: 'cp932' | 'utf-8', mapping?: ReturnType<typeof parseMapping>) =>
  readRegistryFile(bytes, { fileName: 'r.csv', ...(encoding ? { encoding } : {}), ...(mapping?.ok ? { mapping: mapping.mapping } : {}) });

function expectAllOrNothing(r: RegistryReadResult) {
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    expect(Object.keys(r).sort()).toEqual(['errors', 'ok']);
  }
}

function expectErrorOnLine(r: RegistryReadResult, line: number, item?: string) {
  expectAllOrNothing(r);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.errors.some((e) => e.line === line && (item === undefined || e.item === item)), formatFileErrors(r.errors)).toBe(true);
}

describe('random valid registry files', () => {
  it('read back to what was written, in every encoding and line ending', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const { text, starts } = build(m);
        const r = read(encode(text, m.enc));
        expect(r.ok, r.ok ? '' : formatFileErrors(r.errors)).toBe(true);
        if (!r.ok) return;
        expect(r.rows).toEqual(
          m.people.map((p, i) =>
            expect.objectContaining({
              line: starts[i + 1],
              residentId: p.residentId,
              details: {
                kanaName: p.kanaName, kanjiName: p.kanjiName, birthDate: isoOf(p.birthDay), sex: p.sex, address: p.address.trim(),
                ...(p.postalCode ? { postalCode: p.postalCode } : {}),
              },
              cancelled: false,
            }),
          ),
        );
        expect(JSON.stringify(r)).not.toMatch(/課税Z\d+Q/);
      }),
      { numRuns: 150 },
    );
  });

  const harmless = fc.constantFrom('bom', 'mixed-eol', 'no-final-eol', 'ignored-header');
  it('read the same after a harmless change (BOM on UTF-8, mixed line endings, no final newline, an ignored column)', () => {
    fc.assert(
      fc.property(modelArb, harmless, fc.infiniteStream(fc.boolean()), (m, change, coin) => {
        const base = build(m);
        const expected = read(encode(base.text, m.enc));
        if (!expected.ok) throw new Error(formatFileErrors(expected.errors));
        let bytes: Uint8Array;
        let mapping: ReturnType<typeof parseMapping> | undefined;
        switch (change) {
          case 'bom':
            bytes = encode(base.text, 'utf-8-bom') // a BOM added to the UTF-8 form of the same text;
            break;
          case 'mixed-eol': {
            const it = coin[Symbol.iterator]();
            bytes = encode(base.records.map((r) => r + (it.next().value ? '\r\n' : '\n')).join(''), m.enc);
            break;
          }
          case 'no-final-eol':
            bytes = encode(base.records.join(m.eol), m.enc);
            break;
          default: {
            const edited = build(m, (rows) => rows.forEach((r, i) => r.splice(2, 0, i === 0 ? '作成端末' : 'T01')));
            bytes = encode(edited.text, m.enc);
            mapping = parseMapping({ version: 1, ignore: ['作成端末'] });
          }
        }
        const r = read(bytes, undefined, mapping);
        expect(r.ok, r.ok ? '' : formatFileErrors(r.errors)).toBe(true);
        if (r.ok) expect(r.rows).toEqual(expected.rows);
      }),
      { numRuns: 150 },
    );
  });

  const BAD_DATES = ['平成31年5月1日', '令和元年4月30日', '2023-02-30', '昭和64年1月8日', '4310501', 'R5.2.29'];
  it('give errors naming the damaged line after a harmful change, never a partial result', () => {
    const harmful = fc.constantFrom(
      'truncate-last', 'bad-date', 'extra-field', 'missing-field', 'unknown-header', 'stray-quote', 'invalid-byte', 'wrong-declared', 'bom-cp932',
    );
    fc.assert(
      fc.property(modelArb, harmful, fc.nat(), fc.constantFrom(...BAD_DATES), (m, change, n, badDate) => {
        const row = 1 + (n % m.people.length); // a data record (0 is the header)
        switch (change) {
          case 'truncate-last': {
            const { records, starts, text } = build(m);
            const last = records[records.length - 1]!;
            const cut = 1 + (n % (last.length - 1));
            const truncated = text.slice(0, text.length - m.eol.length - last.length + cut);
            const r = read(encode(truncated, m.enc));
            expectAllOrNothing(r);
            const whole = read(encode(text, m.enc));
            // Cutting inside the dropped last column changes nothing the ledger keeps; anything else is an error.
            if (r.ok && whole.ok) expect(r.rows).toEqual(whole.rows);
            else expectErrorOnLine(r, starts[starts.length - 1]!);
            return;
          }
          case 'bad-date': {
            const { text, starts } = build(m, (rows) => void (rows[row]![3] = badDate));
            return expectErrorOnLine(read(encode(text, m.enc)), starts[row]!, '生年月日');
          }
          case 'extra-field': {
            const { text, starts } = build(m, (rows) => void rows[row]!.push('x'));
            return expectErrorOnLine(read(encode(text, m.enc)), starts[row]!);
          }
          case 'missing-field': {
            const { text, starts } = build(m, (rows) => void rows[row]!.pop());
            return expectErrorOnLine(read(encode(text, m.enc)), starts[row]!);
          }
          case 'unknown-header': {
            const { text } = build(m, (rows) => rows.forEach((r, i) => r.push(i === 0 ? '謎の項目' : 'x')));
            const r = read(encode(text, m.enc));
            expectErrorOnLine(r, 1);
            if (!r.ok) expect(r.errors.every((e) => e.line === 1)).toBe(true);
            return;
          }
          case 'stray-quote': {
            const { records, starts } = build(m);
            const id = m.people[row - 1]!.residentId;
            records[row] = `${id.slice(0, 3)}"${records[row]!.slice(3)}`;
            return expectErrorOnLine(read(encode(records.join(m.eol) + m.eol, m.enc)), starts[row]!);
          }
          case 'invalid-byte': {
            const { records, starts } = build(m);
            const before = encode(records.slice(0, row).join(m.eol) + m.eol, m.enc);
            const after = encode(records.slice(row).join(m.eol) + m.eol, m.enc === 'utf-8-bom' ? 'utf-8' : m.enc);
            return expectErrorOnLine(read(new Uint8Array([...before, 0xff, ...after])), starts[row]!);
          }
          case 'wrong-declared': {
            const { text } = build(m);
            const r = read(encode(text, m.enc), m.enc === 'cp932' ? 'utf-8' : 'cp932');
            expectAllOrNothing(r);
            expect(r.ok).toBe(false);
            if (!r.ok) expect(r.errors.every((e) => e.line >= 1)).toBe(true);
            return;
          }
          case 'bom-cp932': {
            const { text } = build(m);
            const r = read(new Uint8Array([0xef, 0xbb, 0xbf, ...encode(text, 'cp932')]));
            expectErrorOnLine(r, 1);
            return;
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never put a name, address or birth date in an error', () => {
    fc.assert(
      fc.property(modelArb, fc.nat(), fc.constantFrom(...BAD_DATES), (m, n, badDate) => {
        const row = 1 + (n % m.people.length);
        // Damage every row: a bad date, an unknown sex, and an extra field on one row.
        const { text } = build(m, (rows) => {
          for (let i = 1; i < rows.length; i++) {
            rows[i]![3] = badDate;
            rows[i]![4] = '9';
          }
          rows[row]!.push('x');
        });
        const r = read(encode(text, m.enc));
        expect(r.ok).toBe(false);
        const all = JSON.stringify(r) + (r.ok ? '' : formatFileErrors(r.errors));
        for (const p of m.people) {
          expect(all).not.toContain(p.kanaName);
          expect(all).not.toContain(p.kanjiName);
          expect(all).not.toContain(p.address.trim());
          expect(all).not.toContain(badDate);
        }
      }),
      { numRuns: 100 },
    );
  });
});
