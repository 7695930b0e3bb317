// The adapters (better-sqlite3, the engine, the file formats) are loaded when a command needs the store, never at
// start: `--help`, `--version`, `check-dose` and usage errors start in well under half the time without them.
export type Adapters = typeof import('@vaxledger/adapters');

export function loadAdapters(): Promise<Adapters> {
  return import('@vaxledger/adapters');
}
