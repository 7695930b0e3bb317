import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../../src/formats/csv.ts';

describe('parseCsv', () => {
  it('gives each record its physical starting line across CRLF, LF, CR, blank lines and multi-line fields', () => {
    const text = 'a,b,c\r\n1,"x, y\r\nz",3\n\n4,"say ""hi""",6\r7,8,9';
    expect(parseCsv(text)).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['1', 'x, y\nz', '3'] },
        { line: 5, fields: ['4', 'say "hi"', '6'] },
        { line: 6, fields: ['7', '8', '9'] },
      ],
    });
  });
  it('keeps rows whose field count differs (the reader reports them)', () => {
    expect(parseCsv('a,b\n1\n2,3,4\n')).toMatchObject({ ok: true, records: [{ line: 1 }, { line: 2, fields: ['1'] }, { line: 3 }] });
  });
  it('reports a stray quote with its line and goes on', () => {
    const r = parseCsv('a,b\n1,2\n3,x"y\n5,6\n7,ab"\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.line)).toEqual([3, 5]);
      expect(r.records.map((x) => x.line)).toEqual([1, 2, 4]);
    }
  });
  it('reports an unclosed quote on the line where the field starts', () => {
    const r = parseCsv('a,b\n1,2\n3,"xy\n5,6\n');
    expect(r).toMatchObject({ ok: false, errors: [{ line: 3 }] });
  });
  it('reports a quote followed by characters', () => {
    const r = parseCsv('a,b\n"1"x,2\n');
    expect(r).toMatchObject({ ok: false, errors: [{ line: 2 }] });
  });
  it('never repeats a value in its messages', () => {
    const r = parseCsv('a,b\n1,ヤマダ"タロウ\n');
    expect(JSON.stringify(r.ok ? [] : r.errors)).not.toContain('ヤマダ');
  });
  it('reads a file without quotes (the fast parser) exactly as a file with quotes (the strict parser) would be read', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', ' ', 'ア', '山', '-', '\t', ';'), maxLength: 6 });
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(fc.property(fc.array(fc.tuple(row, ending), { minLength: 1, maxLength: 12 }), fc.boolean(), (rows, finalNewline) => {
      let text = rows.map(([cells, end]) => cells.join(',') + end).join('');
      if (!finalNewline) text = text.replace(/(\r\n|\r|\n)$/, '');
      // The same content with one quoted field added at the end: it must go through csv-parse.
      const quoted = `${text}${finalNewline ? '' : '\n'}"q"`;
      const fast = parseCsv(text);
      const strict = parseCsv(quoted);
      expect(fast.ok).toBe(true);
      expect(strict.ok).toBe(true);
      expect([...fast.records, { line: strict.records.at(-1)!.line, fields: ['q'] }]).toEqual(strict.records);
    }), { numRuns: 500 });
  });
});
