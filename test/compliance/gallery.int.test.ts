import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatKitReport, KIT_PROPERTIES, PROPERTY_NAMES, type PropertyName } from '@vaxledger/adapters/testing';
import { tempDir } from '../support/temp.ts';
import type { BrokenHostCase } from './hosts/broken-host-parts.ts';

// The gallery of broken hosts (./broken-hosts/, one flaw a file): the kit must fail each by the property that covers
// its flaw, and the host must otherwise be healthy (another property, chosen to be cheap, passes on it), so that the
// failure is the flaw's and not a host that does not work at all.
const SEED = 22;
const dir = tempDir();
const folder = join(import.meta.dirname, 'broken-hosts');
const cases = await Promise.all(readdirSync(folder).filter((f) => f.endsWith('.ts')).sort().map(async (file) => ({
  file, ...((await import(join(folder, file))) as BrokenHostCase),
})));

/** The property that must still pass on a broken host: a cheap one, other than the one its flaw breaks. */
const CONTROL: Record<PropertyName, PropertyName> = {
  access: 'authentication', 'reads-logged': 'authentication', 'tenants-isolated': 'authentication', 'nothing-at-rest': 'authentication',
  erasure: 'authentication', rebuild: 'authentication', authentication: 'reads-logged', 'my-number-refused': 'authentication',
};

describe('the gallery of broken hosts: the compliance kit fails each by the property that covers its flaw', () => {
  it('holds at least 33 cases, one a file, each naming a property of the kit', () => {
    expect(cases.length).toBeGreaterThanOrEqual(33);
    for (const c of cases) expect([c.file, PROPERTY_NAMES.includes(c.expectedProperty)]).toEqual([c.file, true]);
  });

  for (const c of cases) {
    it(`${c.expectedProperty}: ${c.name} (${c.file})`, async () => {
      const host = () => ({ ...c.host(join(dir, c.file)), numRuns: 1, seed: SEED });
      const result = await KIT_PROPERTIES[c.expectedProperty](host());
      expect(result.passed, `the kit passed ${c.expectedProperty} on a broken host: ${formatKitReport({ passed: true, properties: [result] })}`).toBe(false);
      // Caught by the property's own check, not by the kit tripping over an error (which a healthy host would hit too).
      expect(result.failure).toBeTruthy();
      expect(result.failure).not.toMatch(/^the host threw/);
      // A case whose flaw breaks every property says so (control: null) and why.
      if (c.control === null) return;
      const control = await KIT_PROPERTIES[c.control ?? CONTROL[c.expectedProperty]](host());
      expect(control.passed, `the host is broken beyond its flaw: ${formatKitReport({ passed: false, properties: [control] })}`).toBe(true);
    }, 180_000);
  }
});
