import { join } from 'node:path';
import { SqliteEventStore } from '@vaxledger/adapters';
import { describeEventStoreContract } from './event-store-contract.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();
let n = 0;
describeEventStoreContract('sqlite', async () => SqliteEventStore.open(join(dir, `store-${n++}.db`)));
