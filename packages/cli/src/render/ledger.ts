import type { LedgerView } from '@vaxledger/adapters';

/** A ledger as an operator reads it at a terminal. */
export function renderLedger(view: LedgerView): string {
  const lines = [
    `予防接種台帳  ${view.residentId}  ${[
      view.resident.kanjiName, view.resident.kanaName ? `(${view.resident.kanaName})` : undefined, view.resident.birthDate, view.resident.sex,
      view.resident.address, view.resident.addressWithheld ? '(address withheld: 住基閲覧注意)' : undefined,
    ].filter(Boolean).join('  ')}  [${view.resident.status}]`,
    view.asOf ? `as of ${view.asOf}` : '',
    'vaccine               dose  date        category   lot         source        status',
  ].filter(Boolean);
  for (const r of view.records) {
    const f = r.fields;
    lines.push(
      `${f.vaccine.padEnd(22)}${String(f.dose).padEnd(6)}${f.date}  ${f.category.padEnd(11)}${(f.lot ?? '-').padEnd(12)}${r.source.padEnd(14)}${r.status}` +
        (r.warnings.length ? `  warnings: ${r.warnings.join(', ')}` : ''),
    );
    for (const h of r.history.slice(1)) {
      lines.push(`    ${h.kind} at ${h.at} by ${h.operatorId}${h.reason ? `: ${h.reason}` : ''}${h.after ? ` ${JSON.stringify(h.before)} → ${JSON.stringify(h.after)}` : ''}`);
    }
  }
  if (view.records.length === 0) lines.push('(no vaccinations recorded)');
  return `${lines.join('\n')}\n`;
}
