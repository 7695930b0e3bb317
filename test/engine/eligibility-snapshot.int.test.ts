import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FileKeyStore, openSqliteEngine, SubjectCipher, type Engine } from '@vaxledger/adapters';
import { computeStatistics, docKey, EligibilityIndex, eligibilityProjection, scanEligibility, type EligibilityQuery, type RetainedStatisticsDoc } from '@vaxledger/projections';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { EligibilityClerk, ELIGIBILITY_QUERIES as QUERIES, eligibilityOp, type EligibilityOp } from '../support/eligibility-ops.ts';
import { tempDir } from '../support/temp.ts';
import { hostAuthenticated } from '@vaxledger/domain';

const ALL_STATUSES = ['due', 'closing', 'upcoming', 'missed', 'complete'] as const;
const FISCAL_YEARS = [2024, 2025] as const;
const queryOf = (q: (typeof QUERIES)[number]): EligibilityQuery => ({ ...q, date: '2026-05-01', statuses: [...ALL_STATUSES] });

/** Counts the full reads of the eligibility projection an engine makes (a snapshot spares them). */
function countScans(engine: Engine): { readonly count: number } {
  const store = engine.projectionStore;
  const scan = store.scan.bind(store);
  const counter = { count: 0 };
  store.scan = (projection, options) => {
    if (projection === 'eligibility') counter.count++;
    return scan(projection, options);
  };
  return counter;
}

/** What an index built from every document of the projection extracts, read without touching the engine's index. */
async function afresh(engine: Engine): Promise<EligibilityIndex> {
  return new EligibilityIndex(await scanEligibility(engine.projectionStore, TENANT), engine.rules);
}

/** Opens the file as a CLI command does (a new process: no index in memory), extracts, and says whether it scanned. */
async function extractInNewProcess(file: string): Promise<{ scanned: number; rows: unknown[][]; expected: unknown[][] }> {
  const engine = await openSqliteEngine({ file, tenant: TENANT, authenticator: hostAuthenticated });
  try {
    const scans = countScans(engine);
    const notices = engine.session('admin.sato', 'notices');
    const rows: unknown[][] = [];
    for (const q of QUERIES) rows.push(await notices.eligible(queryOf(q)));
    // Statistics read the same persons, moved out and died included.
    const statistics = engine.session('admin.sato', 'statistics');
    for (const year of FISCAL_YEARS) rows.push([await statistics.statistics(year)]);
    const scanned = scans.count;
    const index = await afresh(engine);
    const docs = await scanEligibility(engine.projectionStore, TENANT);
    // Persons erased after they were vaccinated still count, as the anonymous cells their erasure retained.
    const retainedKey = docKey(TENANT, 'retained');
    const retained = (await engine.projectionStore.getDocs('retained-statistics', [retainedKey])).get(retainedKey)?.doc as RetainedStatisticsDoc | undefined;
    return {
      scanned, rows,
      expected: [...QUERIES.map((q) => index.query(queryOf(q))), ...FISCAL_YEARS.map((year) => [computeStatistics(docs, year, engine.rules, retained?.cells ?? [])])],
    };
  } finally {
    await engine.close();
  }
}

const snapshotRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], { key_name: string; data: Buffer }>('SELECT key_name, data FROM eligibility_snapshots ORDER BY chunk').all();
  } finally {
    db.close();
  }
};
const cacheKeyNames = (file: string) => {
  const db = new Database(`${file}.keys`, { readonly: true });
  try {
    return db.prepare<[], { name: string }>('SELECT name FROM cache_keys').all().map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('the eligibility snapshot a new process extracts from', () => {
  it('extracts exactly what every document read afresh gives, after any registrations, doses, corrections, voids, moves and erasures; reads them all only when it has no snapshot it may use', async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(eligibilityOp, { minLength: 1, maxLength: 20 }), async (ops) => {
      const file = join(dir, `city-${run++}.db`);
      const engine = await openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
      try {
        await engine.initTenant('admin.sato');
        const clerk = new EligibilityClerk(engine);
        // A snapshot is usable from the first extraction on, until an erasure discards it.
        let usable = false;
        const extract = async () => {
          const { scanned, rows, expected } = await extractInNewProcess(file);
          expect(rows).toEqual(expected);
          expect(scanned).toBe(usable ? 0 : 1);
          usable = true;
        };
        for (const o of [...ops, { kind: 'extract' as const }]) {
          if (o.kind === 'extract') {
            await extract();
            continue;
          }
          // An erasure discards the snapshot: the next process reads every document again.
          if ((await clerk.apply(o)).erased) usable = false;
        }
      } finally {
        await engine.close();
      }
    }), {
      numRuns: 30,
      // A person vaccinated, then erased: statistics keep them as a retained anonymous cell.
      examples: [[[{ kind: 'register', who: 0, birth: '2020-01-01' }, { kind: 'record', who: 0, vaccine: 'mr', dose: 1, date: '2024-08-01' }, { kind: 'erase', who: 0 }] satisfies EligibilityOp[]]],
    });
  }, 240_000);

  async function cityWithSnapshot(): Promise<string> {
    const file = join(tempDir(), 'city.db');
    const engine = await openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    try {
      await engine.initTenant('admin.sato');
      const clerk = engine.session('admin.sato', 'registration');
      await clerk.registerResident('a', aResident(1, { birthDate: '2020-06-01' }));
      await clerk.registerResident('b', aResident(2, { birthDate: '2020-07-01' }));
      await clerk.recordVaccination({ residentId: 'a', vaccine: 'mr', dose: 1, date: '2021-06-10', source: 'clinic-slip' });
    } finally {
      await engine.close();
    }
    expect((await extractInNewProcess(file)).scanned).toBe(1);
    expect(snapshotRows(file)).toHaveLength(1);
    return file;
  }

  it('is sealed: neither a resident id nor a birth date is in it in clear', async () => {
    const file = await cityWithSnapshot();
    const [row] = snapshotRows(file);
    const bytes = row!.data.toString('latin1');
    // Strings long enough that random ciphertext does not hold them by chance.
    for (const clear of ['2020-06-01', '2020-07-01', '2021-06-10', '"a","2020']) expect(bytes.includes(clear)).toBe(false);
  });

  it('is discarded, and its key deleted, when anyone is erased: what it held cannot be opened again', async () => {
    const file = await cityWithSnapshot();
    const [before] = snapshotRows(file);
    expect(cacheKeyNames(file)).toEqual([before!.key_name]);
    const engine = await openSqliteEngine({ file, tenant: TENANT, authenticator: hostAuthenticated });
    try {
      await engine.session('admin.sato', 'administration').erase('b', { reason: '本人の求め (テスト)' });
    } finally {
      await engine.close();
    }
    expect(snapshotRows(file)).toEqual([]);
    expect(cacheKeyNames(file)).toEqual([]);
    const keyStore = new FileKeyStore(`${file}.keys`);
    try {
      expect(await new SubjectCipher(keyStore).cacheKey(TENANT, before!.key_name)).toBeNull();
    } finally {
      keyStore.close();
    }
    // The next process reads the documents afresh (the erased person is not among them) and keeps a new snapshot.
    const next = await extractInNewProcess(file);
    expect(next.scanned).toBe(1);
    expect(next.rows).toEqual(next.expected);
    expect(next.rows.flat().some((r) => (r as { residentId: string }).residentId === 'b')).toBe(false);
    expect(snapshotRows(file).map((r) => r.key_name)).not.toContain(before!.key_name);
    expect(cacheKeyNames(file)).toHaveLength(1);
  });

  it('is not used when a byte of it changed, or when it was taken before an erasure it did not see; it is replaced', async () => {
    const file = await cityWithSnapshot();
    const [before] = snapshotRows(file);
    const db = new Database(file);
    const data = Buffer.from(before!.data);
    data[data.length - 20] = data[data.length - 20]! ^ 1;
    db.prepare('UPDATE eligibility_snapshots SET data = ?').run(data);
    db.close();
    const tampered = await extractInNewProcess(file);
    expect(tampered.scanned).toBe(1);
    expect(tampered.rows).toEqual(tampered.expected);
    const [replaced] = snapshotRows(file);
    expect(replaced!.key_name).not.toBe(before!.key_name);
    expect(cacheKeyNames(file)).toEqual([replaced!.key_name]);

    // An erasure counted in the key file (by a process that did not reach the snapshot): the snapshot is not opened.
    const keys = new Database(`${file}.keys`);
    keys.prepare('INSERT INTO erasure_counts (tenant, n) VALUES (?, 1) ON CONFLICT (tenant) DO UPDATE SET n = n + 1').run(TENANT);
    keys.close();
    const afterErasure = await extractInNewProcess(file);
    expect(afterErasure.scanned).toBe(1);
    expect(cacheKeyNames(file)).not.toContain(replaced!.key_name);
    // With nothing changed since, the next process uses the snapshot the last one kept.
    expect((await extractInNewProcess(file)).scanned).toBe(0);
  });

  it('deletes a key left over by a process that stopped before its snapshot was committed, or before it deleted the old key', async () => {
    const file = await cityWithSnapshot();
    const keyStore = new FileKeyStore(`${file}.keys`);
    const cipher = new SubjectCipher(keyStore);
    // As save() leaves them when stopped: a replaced snapshot's key retired but not yet deleted; a new key pending for
    // over an hour (its writer stopped before the commit); and one pending for a minute (a writer still at work).
    const db = new Database(file);
    db.prepare('INSERT INTO retired_cache_keys (tenant, key_name) VALUES (?, ?)').run(TENANT, 'retired');
    db.prepare('INSERT INTO pending_cache_keys (tenant, key_name, since) VALUES (?, ?, ?)').run(TENANT, 'abandoned', Date.now() - 2 * 3_600_000);
    db.prepare('INSERT INTO pending_cache_keys (tenant, key_name, since) VALUES (?, ?, ?)').run(TENANT, 'in-flight', Date.now() - 60_000);
    db.close();
    for (const name of ['retired', 'abandoned', 'in-flight']) (await cipher.newCacheKey(TENANT, name)).fill(0);
    keyStore.close();
    expect(cacheKeyNames(file)).toEqual(expect.arrayContaining(['retired', 'abandoned', 'in-flight']));
    expect((await extractInNewProcess(file)).scanned).toBe(0);
    const left = cacheKeyNames(file);
    expect(left).not.toContain('retired');
    expect(left).not.toContain('abandoned');
    expect(left).toContain('in-flight');
  });
  it('fails no extraction when it cannot be written, and leaves no key behind', async () => {
    const file = await cityWithSnapshot();
    const db = new Database(file);
    // The stored snapshot spoiled (so it is discarded and its key deleted), and every new one refused.
    db.exec("UPDATE eligibility_snapshots SET data = zeroblob(length(data)); CREATE TRIGGER refuse BEFORE INSERT ON eligibility_snapshots BEGIN SELECT RAISE(ABORT, 'refused'); END;");
    db.close();
    const refused = await extractInNewProcess(file);
    // With no snapshot to start from, the index is built from every document once, and each statistics run reads them again.
    expect(refused.scanned).toBe(1 + FISCAL_YEARS.length);
    expect(refused.rows).toEqual(refused.expected);
    expect(snapshotRows(file)).toEqual([]);
    expect(cacheKeyNames(file)).toEqual([]);
  });
  it('is not used once the eligibility projection changed its meaning (a new version): it is read afresh like the projection', async () => {
    const file = await cityWithSnapshot();
    expect((await extractInNewProcess(file)).scanned).toBe(0);
    const projection = eligibilityProjection as { version: number };
    projection.version++;
    try {
      const next = await extractInNewProcess(file);
      expect(next.scanned).toBe(1);
      expect(next.rows).toEqual(next.expected);
    } finally {
      projection.version--;
    }
  });
  it('keeps one snapshot and one key when two engines on the file (two CLI commands) write theirs at the same time', async () => {
    const file = await cityWithSnapshot();
    // The stored snapshot spoiled, so that both read every document and both keep a snapshot.
    const db = new Database(file);
    db.exec('UPDATE eligibility_snapshots SET data = zeroblob(length(data))');
    db.close();
    const both = await Promise.all([extractInNewProcess(file), extractInNewProcess(file)]);
    for (const one of both) {
      expect(one.scanned).toBe(1);
      expect(one.rows).toEqual(one.expected);
    }
    const rows = snapshotRows(file);
    expect(new Set(rows.map((r) => r.key_name)).size).toBe(1);
    expect(cacheKeyNames(file)).toEqual([rows[0]!.key_name]);
    expect((await extractInNewProcess(file)).scanned).toBe(0);
  });
});
