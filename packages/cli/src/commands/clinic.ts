import { Option, type Command } from 'commander';
import { japaneseNames } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

export function clinicCommand(program: Command): void {
  const clinic = program.command('clinic').description('委託医療機関: the clinics whose slips the city pays (claims)');

  operatorCommandOptions(clinic
    .command('add')
    .description('register a clinic under its number (医療機関番号, as its slips write it)')
    .argument('<number>', 'the clinic\'s number (letters, digits, "-" or "_", at most 20)'))
    .requiredOption('--name <text>', '医療機関名')
    .addOption(new Option('--inside-city', 'a clinic in the city (the default)').conflicts('outsideCity'))
    .addOption(new Option('--outside-city', 'a clinic outside the city (広域化予防接種)').conflicts('insideCity'))
    .addOption(jsonOption())
    .action(async (clinicNo: string, opts: Common & { name: string; insideCity?: boolean; outsideCity?: boolean }) => {
      const location = opts.outsideCity ? 'outside-city' : 'inside-city';
      const added = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .registerClinic({ clinicNo, name: opts.name, location }));
      if (opts.json) return printJson(added);
      process.stdout.write(tx`医療機関 ${added.clinicNo} (${added.name}, ${japaneseNames.clinicLocation(added.location)}) を登録しました\n`);
    });

  operatorCommandOptions(clinic.command('list').description('the registered clinics (the read is recorded)'))
    .addOption(jsonOption())
    .action(async (opts: Common) => {
      const list = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()).clinics());
      if (opts.json) return printJson(list);
      process.stdout.write(`医療機関 ${list.length}件\n`);
      for (const c of list) process.stdout.write(tx`${c.clinicNo}  ${c.name}  ${japaneseNames.clinicLocation(c.location)}  登録日 ${c.registeredOn}\n`);
    });
}
