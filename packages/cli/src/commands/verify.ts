import type { Command } from 'commander';
import type { RecordedErasure, SqliteEventStore } from '@vaxledger/adapters';
import { loadAdapters } from '../adapters.ts';
import { ALL_PROJECTIONS, verifyStore, type VerifyPhase } from '@vaxledger/projections';
import { CheckFailed } from '../exit-codes.ts';
import { dbOption, jsonOption, printJson } from '../options.ts';
import { terminalProgress } from '../render/progress.ts';
import { tx } from '../render/terminal-text.ts';

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('recompute the hash chain and rebuild every projection from zero; exit 1 naming the first bad position')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (opts: { db: string; json?: boolean }) => {
      const adapters = await loadAdapters();
      const { bindKeyFile, checkStoreFile, FileKeyStore, finishRecordedErasures, openScratchProjectionStore, SqliteProjectionStore, SubjectCipher, withProblems } = adapters;
      // Only a store, with its own key file: anything else is refused as it is.
      checkStoreFile(opts.db);
      const keyStore = FileKeyStore.besideDatabase(opts.db);
      // A sealed row whose key is not in the key file is damage here, not an erasure (an engine reads it as erased).
      const cipher = new SubjectCipher(keyStore, { missingKey: 'damage' });
      // The database is opened read-only: an auditor's check must not change what it checks. Keys open sealed data.
      let opened: SqliteEventStore | undefined;
      try {
        opened = adapters.SqliteEventStore.open(opts.db, { readonly: true, codec: cipher });
        bindKeyFile(opened.db, keyStore);
      } catch (error) {
        await opened?.close();
        keyStore.close();
        throw error;
      }
      const store = opened;
      // The projections are rebuilt into a temporary file (sealed like the store, removed afterwards), not in memory:
      // a city's would not fit.
      const scratch = openScratchProjectionStore(cipher);
      // A city's verification takes many minutes: a bar on a terminal says how far it is (chain, rebuild, compare).
      const progress = terminalProgress<VerifyPhase>();
      try {
        // Every recorded erasure is checked against the key file: a key an interrupted erasure left is destroyed now and reported.
        const erasures: RecordedErasure[] = [];
        const checked = await verifyStore(store, new SqliteProjectionStore(store.db, cipher), ALL_PROJECTIONS, cipher, {
          scratch: scratch.store, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}), onSubjectErased: (e) => void erasures.push(e),
        });
        const report = withProblems(checked, await finishRecordedErasures(cipher, erasures));
        progress.stop();
        if (opts.json) printJson(report);
        else if (report.ok) {
          process.stdout.write(tx`verify: ok — ${report.events} events, chain head ${report.headHash.slice(0, 16)}…, ` +
            tx`${report.projections.map((p) => `${p.name} ${p.documents}`).join(', ')}\n`);
        }
        if (!opts.json) {
          for (const p of report.projections.filter((x) => x.staleVersion !== undefined)) {
            process.stdout.write(tx`  ${p.name}: stored at version ${p.staleVersion}, which this version does not build; ` +
              'not compared, and rebuilt from the events at the next use of the store\n');
          }
        }
        if (!report.ok) {
          const first = report.problems[0]!;
          if (!opts.json) {
            for (const p of report.problems) process.stdout.write(tx`  position ${p.position}: ${p.kind} — ${p.detail}\n`);
          }
          throw new CheckFailed(`verify failed: first bad global position ${report.firstBadPosition} (${first.kind})`);
        }
      } finally {
        progress.stop();
        scratch.dispose();
        await store.close();
        keyStore.close();
      }
    });
}
