// @vaxledger/application: the engine a host embeds (createEngine, sessions, importers, command handling), over the
// domain, the projections and ports. Stores, key stores, file formats and authenticators are adapters
// (@vaxledger/adapters), composed with the engine by openSqliteEngine / openEsdbEngine.
export * from './engine/engine.ts';
export * from './engine/session.ts';
export * from './engine/import-errors.ts';
export * from './engine/registry-importer.ts';
export * from './engine/slip-importer.ts';
export * from './engine/inquiry-answer-importer.ts';
export { INQUIRY_COLUMNS, inquiryFile, type PendingTransfer, type SentInquiry } from './engine/session/transfers.ts';
export * from './imports/file-error.ts';
export * from './ports/file-readers.ts';
export * from './ports/print-files.ts';
export * from './ports/co-payment-exemptions.ts';
export * from './ports/subject-keys.ts';
export * from './ports/my-number-resolver.ts';
export * from './ports/eligibility-snapshots.ts';
export * from './ports/scratch-projections.ts';
export * from './ports/certificate-signer.ts';
export * from './security/secret-hash.ts';
export * from './security/my-number-index.ts';
export { ERASURE_STEPS, type ErasureStep, type ErasureResult } from './engine/session/erasure.ts';
export { isFeeExemptOn } from './engine/session/special-statuses.ts';
export { finishRecordedErasures, type RecordedErasure } from './engine/erasure-completion.ts';
