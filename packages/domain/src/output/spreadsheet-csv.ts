/**
 * CSV written for people, who open it in a spreadsheet (eligibility lists, notices, statistics). A cell that starts
 * with `=`, `+`, `-` or `@` (or their full-width forms, which Japanese input produces), a tab or a CR is taken as a
 * formula by Excel and LibreOffice: a kanji name `=HYPERLINK(…)` from a registry file would run when the list is
 * opened. Such a cell is written with a leading apostrophe, which the spreadsheet shows as text (OWASP's advice).
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export function neutralizeCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** One CSV line of neutralized cells (RFC 4180 quoting, CRLF as municipal systems expect). */
export function spreadsheetCsvLine(cells: readonly string[]): string {
  return `${cells.map((c) => {
    const f = neutralizeCell(c);
    return /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f;
  }).join(',')}\r\n`;
}
