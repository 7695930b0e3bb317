import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_ERRORS_KEPT, readRegistryFile, readSlipFile } from '@vaxledger/adapters';
import { runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { REGISTRY_HEADER, SLIP_HEADER } from '../../support/files.ts';

// Issue 20 item 5: a header of 300,000 columns or 200,000 lines of stray quotes crashed the reader with RangeError
// (errors spread into push(...)), printed as "unexpected error". Every file gets the normal report, bounded.
const WIDE = 1_000_000;
const BAD_LINES = 1_000_000;

const wideHeader = () => Buffer.from(`${Array.from({ length: WIDE }, (_, i) => `列${i}`).join(',')}\r\n`, 'utf8');
// A header the reader accepts, then a million lines each with a stray quote inside a field.
const strayQuotes = (header: readonly string[], lines = BAD_LINES) =>
  Buffer.from(`${header.join(',')}\r\n${`000101,ヤマ"ダ${',x'.repeat(header.length - 2)}\r\n`.repeat(lines)}`, 'utf8');

describe('the file reader cannot be crashed (issue 20 item 5)', () => {
  it(`reports a header of ${WIDE.toLocaleString()} columns by its first errors and a count of the rest`, () => {
    const r = readRegistryFile(wideHeader(), { fileName: 'wide.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(FILE_ERRORS_KEPT);
    // Every column is unknown, and the required items are missing: all counted.
    expect(r.errors.length + (r.more ?? 0)).toBe(WIDE + 6);
    expect(r.errors[0]).toMatchObject({ file: 'wide.csv', line: 1 });
  }, 300_000);

  it(`reports ${BAD_LINES.toLocaleString()} lines of stray quotes by their first errors and a count of the rest`, () => {
    const r = readSlipFile(strayQuotes(SLIP_HEADER), { fileName: 'quotes.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(FILE_ERRORS_KEPT);
    expect(r.errors.map((e) => e.line).slice(0, 3)).toEqual([2, 3, 4]);
    expect(r.errors.length + (r.more ?? 0)).toBeGreaterThanOrEqual(BAD_LINES);
    expect(JSON.stringify(r.errors)).not.toContain('ヤマ');
  }, 600_000);

  it('prints the normal report on the command line (exit 2, first errors named, the rest counted), not "unexpected error"', async () => {
    const dir = tempDir();
    const db = join(dir, 'reader.db');
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, wideHeader());
    const a = await runCli(['import', 'registry', wide, '--db', db, '--operator', 'admin.sato']);
    expect(a.stderr).not.toMatch(/unexpected error|RangeError/);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(new RegExp(`wide\\.csv: ${WIDE + 6} errors, nothing imported`));
    expect(a.stderr).toMatch(/wide\.csv:1:1: /);
    expect(a.stderr).toMatch(new RegExp(`… and ${WIDE + 6 - FILE_ERRORS_KEPT} more errors`));
    expect(a.stderr.split('\n').length).toBeLessThan(FILE_ERRORS_KEPT + 10);

    const quotes = join(dir, 'quotes.csv');
    // The size that crashed the command (the million lines are read above, in-process).
    writeFileSync(quotes, strayQuotes(REGISTRY_HEADER, 200_000));
    const b = await runCli(['import', 'registry', quotes, '--db', db, '--operator', 'admin.sato']);
    expect(b.stderr).not.toMatch(/unexpected error|RangeError/);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/quotes\.csv: \d+ errors, nothing imported/);
    expect(b.stderr).toMatch(/quotes\.csv:2:?\d*: .*stray quote/);
    expect(b.stderr).toMatch(/… and \d+ more errors/);
    expect(b.stderr).not.toContain('ヤマ');
  }, 900_000);
});
