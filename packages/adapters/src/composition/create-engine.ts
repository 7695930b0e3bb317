import { createEngine as createApplicationEngine, type Engine, type EngineOptions } from '@vaxledger/application';
import { csvFileReaders } from './file-readers.ts';
import { HealthCardSigner } from '../security/health-card-signer.ts';
import { openpgpPrintFiles } from '../security/openpgp-print-files.ts';

/**
 * An engine over the host's own stores, with this package's file formats (csvFileReaders), print files
 * (openpgpPrintFiles) and, given a key store, its SMART Health Card signer, unless the host gives its own: what
 * `createEngine` from @vaxledger/application does, for a host that imports its engine from here.
 */
export function createEngine(options: EngineOptions): Engine {
  return createApplicationEngine({ fileReaders: csvFileReaders, printFiles: openpgpPrintFiles, ...(options.keyStore ? { certificateSigner: new HealthCardSigner(options.keyStore) } : {}), ...options });
}
