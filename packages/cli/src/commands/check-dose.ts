import type { Command } from 'commander';
import { DomainError, evaluateDose, type HistoryDose } from '@vaxledger/domain';
import { vaccineAndDose, warningsText } from '../render/ledger.ts';
import { CheckFailed } from '../exit-codes.ts';
import { printJson, vaccineIdOf, vaccineOption } from '../options.ts';

/** `V:N:YYYY-MM-DD[:PRODUCT],...` → history doses. */
export function parseHistory(text: string | undefined): HistoryDose[] {
  if (!text) return [];
  return text.split(',').filter(Boolean).map((item, i) => {
    const [vaccine, dose, date, product] = item.split(':');
    if (!vaccine || !dose || !date || !/^\d+$/.test(dose)) {
      throw new DomainError('invalid-history', `--history item ${i + 1} is not VACCINE:DOSE:YYYY-MM-DD[:PRODUCT]`);
    }
    return { vaccine: vaccineIdOf(vaccine), dose: Number(dose), date, ...(product ? { product } : {}) };
  });
}

export function checkDoseCommand(program: Command): void {
  program
    .command('check-dose')
    .description('whether a dose is a routine (定期) vaccination on a date, its legal window, the earliest routine date and every reason it is not (needs no store); exit 1 when not routine')
    .addOption(vaccineOption('--vaccine <vaccine>', 'the vaccine (hib, pcv, hepb, rota, dpt-ipv-hib, dpt-ipv, bcg, mr, varicella, je, dt, hpv, influenza, pneumococcal-elderly, covid19, zoster, rubella-5, rsv-maternal)').makeOptionMandatory())
    .requiredOption('--dose <n>', 'dose ordinal within the series (mr 1 = 1期, 2 = 2期; je 4 = 2期; seasonal vaccines 1)')
    .requiredOption('--birth <date>', 'date of birth, YYYY-MM-DD')
    .requiredOption('--date <date>', 'date of the (proposed) dose, YYYY-MM-DD')
    .option('--sex <sex>', 'female or male')
    .option('--history <doses>', 'earlier doses: VACCINE:DOSE:YYYY-MM-DD[:PRODUCT],... (VACCINE as --vaccine takes it)')
    .option('--product <id>', 'product (rota rotarix|rotateq; hpv cervarix|gardasil|gardasil9; pcv pcv13|pcv15|pcv20; pneumococcal-elderly ppsv23|pcv20; zoster live|recombinant)')
    .option('--conditions <list>', 'conditions, comma-separated (long-term-illness[:YYYY-MM-DD the day it ended], antibody-insufficient:YYYY-MM-DD, disability-60-64, pregnancy-weeks:W, …)')
    .option('--json', 'machine-readable output')
    .action((opts: { vaccine: string; dose: string; birth: string; date: string; sex?: string; history?: string; product?: string; conditions?: string; json?: boolean }) => {
      if (!/^\d+$/.test(opts.dose)) throw new DomainError('invalid-dose', '--dose must be a whole number');
      if (opts.sex !== undefined && opts.sex !== 'female' && opts.sex !== 'male') throw new DomainError('invalid-sex', '--sex must be female or male');
      const check = evaluateDose({
        vaccine: opts.vaccine, dose: Number(opts.dose), birthDate: opts.birth, date: opts.date,
        sex: opts.sex as 'female' | 'male' | undefined, history: parseHistory(opts.history),
        ...(opts.product ? { product: opts.product } : {}),
        ...(opts.conditions ? { conditions: opts.conditions.split(',').filter(Boolean) } : {}),
      });
      if (check.reasons.includes('invalid-input')) throw new DomainError('invalid-input', 'a date (--birth, --date or in --history) is not a valid YYYY-MM-DD date, or --dose is below 1');
      if (check.reasons.includes('unknown-vaccine')) throw new DomainError('unknown-vaccine', `unknown vaccine ${JSON.stringify(opts.vaccine.slice(0, 30))}`);
      // Exactly the documented keys: operators' scripts read this.
      const out = { vaccine: check.vaccine, dose: check.dose, routine: check.routine, window: check.window, earliest: check.earliest, reasons: check.reasons };
      if (opts.json) printJson(out);
      else {
        process.stdout.write(
          `${vaccineAndDose(check.vaccine, check.dose)}  ${opts.date}: ${check.routine ? '定期接種' : '定期接種ではありません'}\n` +
            `  接種期間:   ${check.window ? `${check.window.from} 〜 ${check.window.to}` : 'なし'}\n` +
            `  最短接種日: ${check.earliest ?? 'なし'}\n` +
            (check.reasons.length ? `  理由:       ${warningsText(check.reasons)}\n` : ''),
        );
      }
      if (!check.routine) throw new CheckFailed('');
    });
}
