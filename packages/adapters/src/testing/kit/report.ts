import type { KitReport } from './types.ts';

/** The report as a table a tester reads: one row per property, what it exercised, and why it failed. */
export function formatKitReport(report: KitReport): string {
  const rows = report.properties.map((p) => [p.name, p.passed ? 'pass' : 'FAIL', String(p.runs), Object.entries(p.exercised).map(([k, v]) => `${k} ${v}`).join(', ')]);
  const header = ['property', 'result', 'runs', 'exercised'];
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)).concat('---------'))];
  for (const [i, row] of rows.entries()) {
    out.push(line(row));
    const failure = report.properties[i]!.failure;
    if (failure) out.push(`${' '.repeat(widths[0]! + 2)}why: ${failure}`);
  }
  const failed = report.properties.filter((p) => !p.passed).map((p) => p.name);
  out.push('', report.passed ? `compliance kit: all ${report.properties.length} properties passed` : `compliance kit: FAILED (${failed.join(', ')})`);
  return out.join('\n');
}
