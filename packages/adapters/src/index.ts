export * from './stores/memory-event-store.ts';
export * from './stores/sqlite-event-store.ts';
