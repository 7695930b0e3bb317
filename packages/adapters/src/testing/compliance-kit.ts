import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { AccessDeniedError, canonicalJson, myNumberCheckDigit, PURPOSES, VaxledgerError, type Purpose } from '@vaxledger/domain';
import { ledgerStepsArb, residentDetailsArb, type LedgerStep } from '@vaxledger/domain/testing';
import { ALL_PROJECTIONS, MemoryProjectionStore, ProjectionRunner, type ProjectionStore } from '@vaxledger/projections';
import type { Engine } from '@vaxledger/application';

/**
 * The compliance kit: ready-made properties that a host application runs against its own engine configuration
 * (its store, key store, authenticator, rule set) to check what the privacy assessment promises. Each takes a
 * factory for a fresh engine of the tenant given, with an administrator `admin.sato` already initialised and
 * the host's authentication satisfied for the ids used here.
 */
export interface KitOptions {
  /** A fresh, initialised engine for a tenant (041009 and 131016 are used). Engines of one call may share a store. */
  readonly engine: (tenant: string, shared: object) => Promise<Engine>;
  /** Where the engine keeps its database file, for the at-rest properties (SQLite engines only). */
  readonly databaseFile?: (engine: Engine) => string | undefined;
  readonly numRuns?: number;
}

const residentId = (n: number) => `k${String(n).padStart(5, '0')}`;

async function replay(engine: Engine, steps: readonly LedgerStep[]): Promise<void> {
  const s = engine.session('admin.sato', 'registration');
  const records = new Map<number, string[]>();
  for (const step of steps) {
    try {
      if (step.kind === 'register') await s.registerResident(residentId(step.resident), step.details);
      else if (step.kind === 'record') {
        const { recordId } = await s.recordVaccination({ residentId: residentId(step.resident), vaccine: step.vaccine, dose: step.dose, date: step.date, lot: step.lot, source: 'manual' });
        records.set(step.resident, [...(records.get(step.resident) ?? []), recordId]);
      } else {
        const id = records.get(step.resident)?.[step.record];
        if (!id) continue;
        if (step.kind === 'correct') await s.correctVaccination({ residentId: residentId(step.resident), recordId: id, changes: { lot: step.lot }, reason: 'kit' });
        else await s.voidVaccination({ residentId: residentId(step.resident), recordId: id, reason: 'kit' });
      }
    } catch (error) {
      if (!(error instanceof VaxledgerError)) throw error;
    }
  }
}

async function docsOf(store: ProjectionStore) {
  const out: Record<string, string> = {};
  for (const p of ALL_PROJECTIONS) for await (const d of store.scan(p.name)) out[`${p.name}:${d.key}`] = canonicalJson(d.doc);
  return out;
}

/** Projections rebuilt from zero equal the incrementally maintained ones, and the store verifies. */
export const rebuildIsDeterministic = (o: KitOptions) =>
  fc.assert(fc.asyncProperty(ledgerStepsArb(3, 20), async (steps) => {
    const engine = await o.engine('041009', {});
    try {
      await replay(engine, steps);
      const rebuilt = new MemoryProjectionStore();
      await new ProjectionRunner(engine.store, rebuilt, ALL_PROJECTIONS).rebuild();
      await engine.catchUp();
      if (JSON.stringify(await docsOf(rebuilt)) !== JSON.stringify(await docsOf(engine.projectionStore))) throw new Error('rebuild differs from the incremental projections');
      if (!(await engine.verify()).ok) throw new Error('verify failed');
    } finally {
      await engine.close();
    }
  }), { numRuns: o.numRuns ?? 20 });

/** Every read that shows a person's items is in the operation log, before it is shown, once. */
export const everyReadIsLogged = (o: KitOptions) =>
  fc.assert(fc.asyncProperty(residentDetailsArb, fc.array(fc.constantFrom<Purpose>('inquiry', 'registration', 'disclosure', 'linkage'), { minLength: 1, maxLength: 6 }), async (details, purposes) => {
    const engine = await o.engine('041009', {});
    try {
      await engine.session('admin.sato', 'registration').registerResident('k00001', details);
      // A read for disclosure is tied to the person's lodged request (開示請求): lodged as the counter would, today (JST).
      const today = new Date(engine.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
      if (purposes.includes('disclosure')) await engine.session('admin.sato', 'disclosure').lodgeRequest({ residentId: 'k00001', kind: 'disclosure', receivedOn: today });
      for (const p of purposes) await engine.session('admin.sato', p).viewLedger('k00001');
      const reads = (await engine.session('admin.sato', 'audit').operationLog({ resident: 'k00001' })).filter((e) => e.action === 'ledger.view');
      if (reads.length !== purposes.length || reads.some((r, i) => r.purpose !== purposes[i])) throw new Error('a read is missing from the operation log');
    } finally {
      await engine.close();
    }
  }), { numRuns: o.numRuns ?? 20 });

/** An operator the engine does not know, or a purpose not granted, is refused and the refusal logged. */
export const denyByDefault = (o: KitOptions) =>
  fc.assert(fc.asyncProperty(fc.stringMatching(/^[a-z][a-z0-9.]{2,12}$/), fc.constantFrom(...PURPOSES), async (stranger, purpose) => {
    if (stranger === 'admin.sato') return;
    const engine = await o.engine('041009', {});
    try {
      await engine.session('admin.sato', 'registration').registerResident('k00001', { kanaName: 'ア', kanjiName: '阿', sex: 'male', birthDate: '2020-01-01', address: '仙台市' });
      const result = await engine.session(stranger, purpose).viewLedger('k00001').then(() => 'shown', (e: unknown) => e);
      if (!(result instanceof AccessDeniedError)) throw new Error('an unknown operator was not refused');
      const denied = await engine.session('admin.sato', 'audit').operationLog({ byOperator: stranger, outcome: 'denied' });
      if (denied.length !== 1) throw new Error('the refusal is not logged exactly once');
    } finally {
      await engine.close();
    }
  }), { numRuns: o.numRuns ?? 20 });

/** Two municipalities in one store: neither ever sees the other's residents or log. */
export const tenantsAreIsolated = (o: KitOptions) =>
  fc.assert(fc.asyncProperty(residentDetailsArb, residentDetailsArb, async (a, b) => {
    const shared = {};
    const sendai = await o.engine('041009', shared);
    const chiyoda = await o.engine('131016', shared);
    try {
      await sendai.session('admin.sato', 'registration').registerResident('k00001', a);
      await chiyoda.session('admin.sato', 'registration').registerResident('k00002', b);
      const cross = await chiyoda.session('admin.sato', 'inquiry').viewLedger('k00001').then(() => 'shown', (e: unknown) => e);
      if (cross === 'shown') throw new Error("another tenant's resident was shown");
      const log = await chiyoda.session('admin.sato', 'audit').operationLog();
      if (log.some((e) => e.tenant !== '131016' || e.resident === 'k00001')) throw new Error("another tenant's log entries were shown");
    } finally {
      await chiyoda.close();
      if (sendai.store !== chiyoda.store) await sendai.close();
    }
  }), { numRuns: o.numRuns ?? 10 });

function bytesAtRest(file: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm'].filter((s) => existsSync(file + s)).map((s) => readFileSync(file + s)));
}

/** No name, address or birth date is at rest in clear; after erasure, nothing of the person can be read; verify passes. */
export const erasureLeavesNothingReadable = (o: KitOptions) =>
  fc.assert(fc.asyncProperty(residentDetailsArb, async (details) => {
    const engine = await o.engine('041009', {});
    const file = o.databaseFile?.(engine);
    try {
      if (!file) throw new Error('erasureLeavesNothingReadable needs databaseFile: it inspects the files at rest');
      const s = engine.session('admin.sato', 'registration');
      await s.registerResident('k00001', details);
      await s.recordVaccination({ residentId: 'k00001', vaccine: 'bcg', dose: 1, date: '2020-06-01', source: 'manual' });
      const secrets = [details.kanaName, details.kanjiName, details.address, details.birthDate];
      const scan = () => { const b = bytesAtRest(file); return secrets.filter((x) => b.includes(Buffer.from(x))); };
      if (scan().length) throw new Error('a personal item is at rest in clear');
      await engine.session('admin.sato', 'administration').erase('k00001', { reason: 'compliance kit' });
      if (scan().length) throw new Error('a personal item is readable after erasure');
      if (await engine.session('admin.sato', 'inquiry').ledgerAsOf('k00001', { instant: '2999-01-01T00:00:00Z' })) throw new Error('the ledger of an erased person can still be read');
      if (!(await engine.verify()).ok) throw new Error('verify failed after erasure');
    } finally {
      await engine.close();
    }
  }), { numRuns: o.numRuns ?? 5 });

/**
 * A file carrying a valid My Number, in any spelling, in any column that is not of a known id format (整理番号 and
 * 統合宛名番号 keep their own validation) is refused whole, and no My Number reaches the store.
 */
export const noMyNumberAtRest = (o: KitOptions) =>
  fc.assert(fc.asyncProperty(fc.stringMatching(/^[1-9][0-9]{10}$/), fc.constantFrom('個人番号', '備考用', '方書', '電話番号'), fc.constantFrom('', ' ', '-'), async (first11, column, separator) => {
    const myNumber = first11 + String(myNumberCheckDigit(first11));
    const spelled = [myNumber.slice(0, 4), myNumber.slice(4, 8), myNumber.slice(8)].join(separator);
    const engine = await o.engine('041009', {});
    const file = o.databaseFile?.(engine);
    try {
      const csv = `整理番号,カナ氏名,漢字氏名,生年月日,性別,住所,${column}\r\nk00001,ア イ,阿 伊,2020-01-01,1,仙台市,${spelled}\r\n`;
      const outcome = await engine.session('admin.sato', 'registration').importRegistry(new TextEncoder().encode(csv), { fileName: 'kit.csv', encoding: 'utf-8' }).then(() => 'imported', (e: unknown) => e);
      if (outcome === 'imported') throw new Error('a file with a My Number was imported');
      if (String((outcome as Error).message).includes(myNumber)) throw new Error('the error message echoes the My Number');
      if (file && bytesAtRest(file).includes(Buffer.from(myNumber))) throw new Error('a My Number is at rest');
    } finally {
      await engine.close();
    }
  }), { numRuns: o.numRuns ?? 10 });

/** Runs every property of the kit. */
export async function runComplianceKit(o: KitOptions): Promise<void> {
  await rebuildIsDeterministic(o);
  await everyReadIsLogged(o);
  await denyByDefault(o);
  await tenantsAreIsolated(o);
  await noMyNumberAtRest(o);
  if (o.databaseFile) await erasureLeavesNothingReadable(o);
}
