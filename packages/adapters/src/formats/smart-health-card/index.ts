// SMART Health Cards: the forms of a card (file, shc:/ digits, QR PNG) and their verification, apart from the store so
// that a verifier (and `vaxledger certificate verify`) loads neither SQLite nor the engine.
export * from './card-forms.ts';
export * from './fhir-bundle.ts';
export * from './vaccine-codes.ts';
export * from './qr-code.ts';
export * from './verify-card.ts';
