import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { currentVersionOf, DomainError, upcastAndParse, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { tempDir } from '../support/temp.ts';
import { testMetadata } from '../support/events.ts';
import { aResident } from '../support/residents.ts';

describe('schema evolution', () => {
  it('reads a VaccinationRecorded stored at schema version 1 as the current version, in the store and the ledger', async () => {
    const file = join(tempDir(), 'upcast.db');
    const engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
    // An event as an older release wrote it: 接種区分 as the 別添2 code, no 警告内容.
    const recordId = randomUUID();
    await engine.store.append('041009/vaccination/000001', [{
      id: randomUUID(), type: 'VaccinationRecorded', schemaVersion: 1, metadata: testMetadata({ operatorId: 'admin.sato' }),
      data: { recordId, residentId: '000001', vaccine: 'bcg', dose: 1, date: '2024-06-01', source: 'clinic-slip', categoryCode: '2' },
    }], { expectedRevision: 'no_stream' });
    await engine.catchUp();

    const view = await engine.session('admin.sato', 'inquiry').viewLedger('000001');
    expect(view.records[0]!.fields.category).toBe('voluntary');
    expect(view.records[0]!.warnings).toEqual([]);
    expect(currentVersionOf('VaccinationRecorded')).toBe(2);
    // A current-version correction applies on top of the lifted record.
    await engine.session('admin.sato', 'registration').correctVaccination({ residentId: '000001', recordId, changes: { category: 'routine' }, reason: 'code table fixed' });
    expect((await engine.session('admin.sato', 'inquiry').viewLedger('000001')).records[0]!.fields.category).toBe('routine');
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
  });

  it('refuses an unknown schema version or a v1 row that does not fit v1', () => {
    expect(() => upcastAndParse('VaccinationRecorded', 3, {})).toThrow(DomainError);
    expect(() => upcastAndParse('VaccinationRecorded', 1, { recordId: 'x' })).toThrow(DomainError);
  });
});
