import { MemoryEventStore } from '@vaxledger/adapters';
import { describeEventStoreContract } from './event-store-contract.ts';

describeEventStoreContract('memory', async () => new MemoryEventStore());
