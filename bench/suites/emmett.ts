import type { BenchContext, Suite } from '../lib/context.ts';
import { markdownTable } from '../lib/markdown.ts';
import type { EmmettEvent, EmmettSQLiteModule } from '../lib/peers.ts';
import { withTimeout } from '../lib/timing.ts';
import type { AppendCall, AppendContender } from './append.ts';

/** Emmett's events carry plain JSON objects; ours go in as the same data and metadata. */
export const toEmmett = (e: { type: string; data: unknown; metadata: unknown }): EmmettEvent => ({
  type: e.type, data: e.data as Record<string, unknown>, metadata: e.metadata as Record<string, unknown>,
});

/** Emmett logs every failed transaction with console.log: kept out of the bench's output, but counted. */
let mutedLogs = 0;
export function muteEmmettLogs(): () => void {
  const original = console.log;
  console.log = () => { mutedLogs++; };
  return () => { console.log = original; };
}

/**
 * Emmett's SQLite event store in the append race: `getSQLiteEventStore({ fileName }).appendToStream(stream, events,
 * { expectedStreamVersion })` with the same calls as ours (Emmett counts stream versions from 1, so a stream holding
 * n events is at version n, and 0 means a new stream). A call that has not settled within 60 s counts as failed.
 */
export function emmettAppendContender(emmett: EmmettSQLiteModule, file: string): AppendContender<{ stream: string; events: EmmettEvent[]; version: bigint }> {
  const store = emmett.getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'CreateOrUpdate' } });
  const unmute = muteEmmettLogs();
  return {
    who: 'emmett',
    prepare: (c: AppendCall) => ({ stream: c.stream, events: c.events.map(toEmmett), version: BigInt(c.revision + 1) }),
    write: async (p) => {
      await withTimeout(store.appendToStream(p.stream, p.events, { expectedStreamVersion: p.version }), 60_000, 'appendToStream');
    },
    close: async () => unmute(),
  };
}

export const emmettSuite: Suite = {
  name: 'emmett',
  async run(ctx) {
    ctx.sections.push({ order: 40, render });
  },
};

function render(ctx: BenchContext): { markdown: string } {
  const peer = ctx.emmett;
  const rows: string[][] = peer.available
    ? [
      ['packages', peer.versions],
      ['install', `${peer.installNote}. bench/peers has its own package.json and package-lock.json (outside the npm workspaces); ` +
        '`npm ci --prefix bench/peers` builds sqlite3 from source with node-gyp (no prebuilt binary can be downloaded here); ' +
        'npm 11 runs that build script only because bench/peers/package.json lists `"allowScripts": { "sqlite3": true }`.'],
      ['API driven', '`getSQLiteEventStore({ fileName, schema: { autoMigration: "CreateOrUpdate" } })`, `appendToStream(stream, events, ' +
        '{ expectedStreamVersion })`; reads with `sqliteConnection` + `readMessagesBatch`.'],
      ['error lines Emmett printed (muted)', String(mutedLogs)],
    ]
    : [['status', `unavailable — ${peer.reason}`]];
  return {
    markdown: [
      '## 4. Emmett peer',
      '',
      markdownTable(['', ''], rows),
      '',
      'Emmett\'s failures are reported in the tables above, not retried, except while filling its store for the read test.',
    ].join('\n'),
  };
}
