import type { DocCodec } from '@vaxledger/domain';
import type { ProjectionStore } from '@vaxledger/projections';

/**
 * Where verify rebuilds the projections to compare them with the stored ones. Without one, in memory: fine for a
 * store in memory, not for a city's projections, which do not fit (the SQLite adapter gives a temporary file).
 */
export type ScratchProjections = (codec: DocCodec | undefined) => { readonly store: ProjectionStore; dispose(): void };
