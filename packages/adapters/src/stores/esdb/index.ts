// A subpath of its own (`@vaxledger/adapters/eventstoredb`): the gRPC client loads only in hosts that use it.
export { EsdbEventStore, type EsdbClient, type EsdbEventStoreOptions } from './esdb-event-store.ts';
export { openEsdbEngine, type OpenEsdbEngineOptions } from '../../composition/open-esdb-engine.ts';
