import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { ledgerStepsArb } from '@vaxledger/domain/testing';
import type { Engine } from '@vaxledger/adapters';
import { replay, residentId } from '../support/replay.ts';

/** Per 統合宛名番号, its rows (vaccine, dose, date, 接種区分), as the intermediate server would hold them. */
type Copies = Map<string, string[]>;

async function exportCopies(engine: Engine, full: boolean): Promise<Array<Record<string, string>>> {
  let text = '';
  await engine.session('admin.sato', 'linkage').exportCopies({ full, write: async (chunk) => void (text += Buffer.from(chunk).toString('utf8')) });
  return parse(text, { columns: true }) as Array<Record<string, string>>;
}

/** What the server does with a file: each person in it has their copy replaced whole (an empty row: no records). */
function applyFile(server: Copies, rows: ReadonlyArray<Record<string, string>>): void {
  const byPerson = new Map<string, string[]>();
  for (const r of rows) {
    const list = byPerson.get(r['統合宛名番号']!) ?? [];
    if (r['接種名称区分'] !== '') list.push([r['接種名称区分'], r['期回数区分'], r['接種日'], r['接種区分']].join(':'));
    byPerson.set(r['統合宛名番号']!, list);
  }
  for (const [person, list] of byPerson) server.set(person, list.sort());
}

describe('副本 exports (property)', () => {
  it('the incremental exports, applied in order, leave the server holding exactly what a full export would', async () => {
    const actions = fc.array(fc.record({ at: fc.nat(45), kind: fc.constantFrom('export' as const, 'link' as const), resident: fc.nat(3) }), { maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(ledgerStepsArb(4, 40), actions, async (steps, extra) => {
        const server: Copies = new Map();
        const engine = await replay(steps, async (i, e) => {
          for (const a of extra.filter((x) => x.at === i)) {
            if (a.kind === 'export') applyFile(server, await exportCopies(e, false));
            // 統合宛名番号 given by the 統合宛名管理システム, possibly long after registration
            else await e.session('admin.sato', 'registration').changeResidentDetails(residentId(a.resident), { integratedAddresseeNo: `K-${a.resident}` }).catch(() => undefined);
          }
        });
        applyFile(server, await exportCopies(engine, false));
        const full: Copies = new Map();
        applyFile(full, await exportCopies(engine, true));
        expect(new Map([...server].filter(([, rows]) => rows.length > 0))).toEqual(new Map([...full].filter(([, rows]) => rows.length > 0)));
        expect([...server.keys()].sort()).toEqual([...full.keys()].sort());
      }),
      { numRuns: 40 },
    );
  });
});
