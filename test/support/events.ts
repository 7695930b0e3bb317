import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventToAppend } from '@vaxledger/domain';

export const TENANT = '041009'; // 仙台市
export const OTHER_TENANT = '131016'; // 千代田区

export const testMetadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  operatorId: 'tester.one',
  purpose: 'registration',
  correlationId: 'c-1',
  causationId: null,
  source: 'test',
  ...overrides,
});

export function anEvent(data: Record<string, unknown> = { n: 1 }, id: string = randomUUID()): EventToAppend {
  return { id, type: 'TestHappened', schemaVersion: 1, data, metadata: testMetadata() };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}
