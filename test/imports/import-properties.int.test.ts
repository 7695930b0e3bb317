import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { registryFileArb } from '@vaxledger/domain/testing';
import { createEngine, ImportRejectedError, MemoryEventStore, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { csvBytes } from '../support/files.ts';

async function engine(): Promise<Engine> {
  const clock = steppingClock(new Date('2026-06-01T00:00:00Z'));
  const e = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await e.initTenant('admin.sato');
  return e;
}

async function residents(e: Engine): Promise<string> {
  const docs: unknown[] = [];
  for await (const d of e.projectionStore.scan('residents')) docs.push({ key: d.key, details: (d.doc as { details: unknown }).details, status: (d.doc as { status: string }).status });
  return canonicalJson(docs);
}

describe('registry import (property-based)', () => {
  it('imports any valid file, and re-importing it — same bytes, or re-encoded with the rows in another order — changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(registryFileArb(25), fc.constantFrom('cp932' as const, 'utf-8' as const), async (rows, encoding) => {
        const e = await engine();
        const clerk = e.session('admin.sato', 'registration');
        const first = await clerk.importRegistry(csvBytes(rows, encoding), { fileName: 'a.csv' });
        expect(first.events).toBe(rows.length - 1);
        const state = await residents(e);
        expect(state).not.toMatch(/課税/);
        const head = await e.store.head();
        expect((await clerk.importRegistry(csvBytes(rows, encoding), { fileName: 'a.csv' })).events).toBe(0);
        const [header, ...body] = rows;
        const reordered = await clerk.importRegistry(csvBytes([header!, ...body.reverse()], encoding === 'cp932' ? 'utf-8' : 'cp932'), { fileName: 'b.csv' });
        expect(reordered).toMatchObject({ events: 0, skipped: rows.length - 1 });
        expect(await residents(e)).toBe(state);
        // Only the second file's batch record was added.
        expect((await e.store.head()).position).toBe(head.position + 1n);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a corrupted file whole: a clear error and zero events', async () => {
    const corruptions = fc.constantFrom('bad-date', 'extra-field', 'missing-field', 'unknown-header', 'bad-sex', 'empty-id');
    await fc.assert(
      fc.asyncProperty(registryFileArb(20), corruptions, fc.nat(), async (rows, corruption, pick) => {
        const e = await engine();
        const head = await e.store.head();
        const broken = rows.map((r) => [...r]);
        const line = 1 + (pick % (rows.length - 1));
        const row = broken[line]!;
        if (corruption === 'bad-date') row[3] = '令和元年4月30日';
        if (corruption === 'extra-field') row.push('x');
        if (corruption === 'missing-field') row.pop();
        if (corruption === 'unknown-header') broken[0]![9] = '謎の項目';
        if (corruption === 'bad-sex') row[4] = '9';
        if (corruption === 'empty-id') row[0] = '';
        const error = await e.session('admin.sato', 'registration').importRegistry(csvBytes(broken), { fileName: 'broken.csv' }).catch((x) => x);
        expect(error).toBeInstanceOf(ImportRejectedError);
        const errors = (error as ImportRejectedError).errors;
        expect(errors.length).toBeGreaterThan(0);
        if (corruption !== 'unknown-header') expect(errors.map((x) => x.line)).toContain(line + 1);
        // Never a person's data in the message: no name from the file appears in it.
        for (const r of rows.slice(1)) expect((error as Error).message).not.toContain(r[2]!);
        // Nothing of the file landed: only the refusal's own record (OperationRejected: a code and a count, no data).
        const written: string[] = [];
        for await (const x of e.store.readAll({ afterPosition: head.position })) written.push(x.type);
        expect(written).toEqual(['OperationRejected']);
      }),
      { numRuns: 60 },
    );
  });
});
