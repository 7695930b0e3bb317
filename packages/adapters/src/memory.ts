// `@vaxledger/adapters/memory`: the event store in memory, for hosts' tests and demos. It loads neither
// better-sqlite3 nor gRPC, so a host on it pulls in no native module.
export { MemoryEventStore } from './stores/memory-event-store.ts';
export { csvFileReaders } from './composition/file-readers.ts';
export { openpgpPrintFiles } from './security/openpgp-print-files.ts';
export { createEngine } from './composition/create-engine.ts';
