export * from './stores/memory-event-store.ts';
export * from './stores/sqlite-event-store.ts';
export * from './stores/sqlite-projection-store.ts';
export * from './stores/sqlite-pragmas.ts';
export * from './engine/engine.ts';
export * from './engine/session.ts';
export * from './engine/open-sqlite-engine.ts';
