import { DomainError } from '@vaxledger/domain';
import type { FileReaders } from '../ports/file-readers.ts';
import type { EngineContext } from './engine-context.ts';

/** The engine's file formats, or a clear refusal: an engine composed without them cannot import files. */
export function readersOf(engine: EngineContext): FileReaders {
  if (!engine.fileReaders) throw new DomainError('no-file-readers', 'this engine was composed without file formats: pass fileReaders (csvFileReaders from @vaxledger/adapters)');
  return engine.fileReaders;
}
