import { describe, expect, it } from 'vitest';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import type { StreamAppend } from '@vaxledger/domain';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

/**
 * A store whose operation-log appends (reads and denials) fail, as a full disk would make them. (Every append goes
 * through appendMulti: the engine adds its operator's standing to each unit as a part of its own.)
 */
class LogFailingStore extends MemoryEventStore {
  failLog = false;
  override async appendMulti(appends: readonly StreamAppend[]) {
    if (this.failLog && appends.some((a) => a.stream.includes('/access/'))) throw new Error('disk full');
    return super.appendMulti(appends);
  }
}

describe('nothing happens unlogged', () => {
  it('shows no data when the read cannot be logged, and refuses nothing silently when a denial cannot be logged', async () => {
    const store = new LogFailingStore();
    const engine = createEngine({ store, tenant: TENANT, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
    store.failLog = true;
    let shown: unknown = null;
    await expect(engine.session('admin.sato', 'inquiry').viewLedger('000001').then((v) => (shown = v))).rejects.toThrow('disk full');
    expect(shown).toBeNull();
    await expect(engine.session('ghost.user', 'inquiry').viewLedger('000001')).rejects.toThrow('disk full');
    store.failLog = false;
    const log = await engine.session('admin.sato', 'audit').operationLog();
    expect(log.filter((e) => e.action === 'ledger.view')).toEqual([]);
  });
});
