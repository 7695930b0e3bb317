import { Option, type Command } from 'commander';
import { DomainError } from '@vaxledger/domain';
import type { ImportProgress, ImportSummary, Mapping } from '@vaxledger/adapters';
import { loadAdapters } from '../adapters.ts';
import { credentials, jsonOption, openEngine, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { terminalProgress } from '../render/progress.ts';
import { tx } from '../render/terminal-text.ts';
import { readInput } from '../read-input.ts';


function report(summary: ImportSummary, json: boolean | undefined): void {
  if (json) return printJson(summary);
  process.stdout.write(summary.alreadyImported
    ? tx`batch ${summary.batch}: this file was imported before; nothing appended (${summary.rows} rows)\n`
    : tx`batch ${summary.batch}: ${summary.rows} rows, ${summary.events} events, ${summary.held} held, ${summary.skipped} unchanged` +
        (summary.droppedItems.length ? tx`; dropped items not kept for this affair: ${summary.droppedItems.join(', ')}` : '') + '\n');
}

const encodingOption = () => new Option('--encoding <encoding>', 'auto (default: BOM → UTF-8, valid UTF-8 → UTF-8, else CP932), cp932 or utf-8').choices(['auto', 'cp932', 'utf-8']);

type ImportOptions = { db: string; operator: string; purpose?: string; tenant?: string; encoding?: 'auto' | 'cp932' | 'utf-8'; mapping?: string; json?: boolean };
type ImportSession = ReturnType<Awaited<ReturnType<typeof openEngine>>['session']>;

/** One import as a registration clerk: a progress bar on a terminal, then the summary. */
async function runImport(
  file: string, opts: ImportOptions,
  work: (session: ImportSession, common: { fileName: string; encoding?: 'auto' | 'cp932' | 'utf-8'; onProgress?: ImportProgress }) => Promise<ImportSummary>,
): Promise<void> {
  const progress = terminalProgress();
  try {
    const summary = await withEngine(opts, (engine) =>
      work(engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()), {
        fileName: file, ...(opts.encoding ? { encoding: opts.encoding } : {}), ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      }));
    progress.stop();
    report(summary, opts.json);
  } finally {
    progress.stop();
  }
}

function importOptions(c: Command): Command {
  return operatorCommandOptions(c.argument('<file>', 'the CSV file (CP932 or UTF-8)'))
    .addOption(encodingOption())
    .option('--mapping <file>', 'a mapping file (JSON) adapting another layout: header aliases, ignored columns, vendor codes, id formats')
    .addOption(jsonOption());
}

async function loadMapping(file: string | undefined): Promise<{ mapping?: Mapping }> {
  if (!file) return {};
  const { loadMappingFile } = await loadAdapters();
  const loaded = await loadMappingFile(file);
  if (!loaded.ok) throw new DomainError('invalid-mapping', loaded.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
  return { mapping: loaded.mapping };
}

export function importCommand(program: Command): void {
  const imp = program.command('import').description('import a resident-registry file, a clinic-slip file or a VRS download as one all-or-nothing batch');
  importOptions(imp.command('registry').description('対象者登録: a resident-registry CSV (weekly diff or full extract); a re-import of the same file is a no-op'))
    .action(async (file: string, opts: ImportOptions) => {
      const bytes = readInput(file);
      const mapping = await loadMapping(opts.mapping);
      await runImport(file, opts, (session, common) => session.importRegistry(bytes, { ...common, ...mapping }));
    });
  importOptions(imp.command('slips').description('予防接種実績登録: a clinic-slip CSV (個人票 パンチデータ); matched slips are recorded, doubtful ones held (疑義)'))
    .action(async (file: string, opts: ImportOptions) => {
      const bytes = readInput(file);
      const mapping = await loadMapping(opts.mapping);
      await runImport(file, opts, (session, common) => session.importSlips(bytes, { ...common, ...mapping }));
    });
  importOptions(imp.command('vrs').description('VRS download (COVID-19 接種記録データ): matched by 接種券番号 and 属性情報 like slips, recorded with source vrs, doubtful rows held (疑義)'))
    .action(async (file: string, opts: ImportOptions) => {
      const bytes = readInput(file);
      const mapping = await loadMapping(opts.mapping);
      await runImport(file, opts, (session, common) => session.importVrs(bytes, { ...common, ...mapping }));
    });
  operatorCommandOptions(imp.command('antibody').description('風しん抗体検査: a CSV of test results (整理番号, 検査日, 検査方法, 抗体価, 単位, 判定結果, 検査番号); a re-import of the same file is a no-op')
    .argument('<file>', 'the CSV file (CP932 or UTF-8)'))
    .addOption(encodingOption())
    .addOption(jsonOption())
    .action(async (file: string, opts: ImportOptions) => {
      const bytes = readInput(file);
      // The progress callback is the slip importers'; an antibody file is small and reports none.
      await runImport(file, opts, (session, common) => session.importAntibodyTests(bytes, { fileName: common.fileName, ...(common.encoding ? { encoding: common.encoding } : {}) }));
    });
}
