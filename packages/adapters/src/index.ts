// The adapters: the event stores (SQLite, memory; EventStoreDB under `@vaxledger/adapters/eventstoredb`), the key store,
// the file formats and the authenticators, and the composition root that wires them to the engine (openSqliteEngine).
// The engine itself is @vaxledger/application's, re-exported here so that a host on SQLite needs one import.
export * from '@vaxledger/application';
// Takes precedence over the application's createEngine: the same, with this package's file formats by default.
export { createEngine } from './composition/create-engine.ts';
export * from './stores/memory-event-store.ts';
export * from './stores/sqlite-event-store.ts';
export * from './stores/sqlite-projection-store.ts';
export * from './stores/scratch-projection-store.ts';
export * from './stores/eligibility-snapshots.ts';
export * from './stores/sqlite-pragmas.ts';
export { checkStoreFile, keyFileRefused, removeNewStore } from './stores/store-file.ts';
export { EVENTS_TABLE_DDL, PROJECTION_DOCS_DDL } from './stores/sqlite-schema.ts';
export * from './composition/open-sqlite-engine.ts';
export * from './composition/file-readers.ts';
export * from './formats/registry-file.ts';
export * from './formats/slip-file.ts';
export * from './formats/answer-file.ts';
export * from './formats/print-return-file.ts';
export * from './formats/clinic-claim-file.ts';
export * from './security/openpgp-print-files.ts';
export * from './formats/mapping.ts';
export * from './formats/decode.ts';
export * from './formats/my-number-resolver-file.ts';
export * from './security/file-key-store.ts';
export * from './security/secret-authenticator.ts';
export * from './security/subject-cipher.ts';
export * from './security/health-card-signer.ts';
