import { accessFollowsThePolicy } from './kit/access.ts';
import { authenticationHolds } from './kit/authentication.ts';
import { erasureLeavesNothingReadable } from './kit/erasure.ts';
import { myNumbersAreRefused } from './kit/my-number.ts';
import { nothingAtRest } from './kit/at-rest.ts';
import { readsAreLogged } from './kit/reads.ts';
import { rebuildIsDeterministic } from './kit/rebuild.ts';
import { formatKitReport } from './kit/report.ts';
import { tenantsAreIsolated } from './kit/tenants.ts';
import { PROPERTY_NAMES, type KitOptions, type KitReport, type PropertyName, type PropertyResult } from './kit/types.ts';

/**
 * The compliance kit: properties that a host application runs against its own engine configuration (its store, key
 * store, authenticator, rule set) to check what the privacy assessment promises. Each counts what it exercised and
 * fails when a run did too little; a property the host gives it no means to run fails and says what is missing.
 */
export { PROPERTY_NAMES, type KitOptions, type KitReport, type PropertyName, type PropertyResult } from './kit/types.ts';
export { formatKitReport } from './kit/report.ts';
export { ACTION_PROBES, expectedDecision } from './kit/access.ts';
export { CHILD_ENV } from './kit/rebuild.ts';
export {
  accessFollowsThePolicy, authenticationHolds, erasureLeavesNothingReadable, myNumbersAreRefused, nothingAtRest, readsAreLogged,
  rebuildIsDeterministic, tenantsAreIsolated,
};

/** Each property of the kit by its report name. */
export const KIT_PROPERTIES: Record<PropertyName, (o: KitOptions) => Promise<PropertyResult>> = {
  access: accessFollowsThePolicy,
  'reads-logged': readsAreLogged,
  'tenants-isolated': tenantsAreIsolated,
  'nothing-at-rest': nothingAtRest,
  erasure: erasureLeavesNothingReadable,
  rebuild: rebuildIsDeterministic,
  authentication: authenticationHolds,
  'my-number-refused': myNumbersAreRefused,
};

/** The kit's verdict, thrown by runComplianceKit when a property failed: the report is on it. */
export class ComplianceKitFailed extends Error {
  constructor(readonly report: KitReport) {
    super(formatKitReport(report));
    this.name = 'ComplianceKitFailed';
  }
}

/**
 * Runs every property (or those named in `only`), one after the other, and returns the report; throws
 * ComplianceKitFailed, carrying the report, when any failed.
 */
export async function runComplianceKit(o: KitOptions, options: { only?: readonly PropertyName[] } = {}): Promise<KitReport> {
  const properties: PropertyResult[] = [];
  for (const name of PROPERTY_NAMES) {
    if (options.only && !options.only.includes(name)) continue;
    properties.push(await KIT_PROPERTIES[name](o));
  }
  const report: KitReport = { passed: properties.every((p) => p.passed), properties };
  if (!report.passed) throw new ComplianceKitFailed(report);
  return report;
}

/** Earlier names of three properties, kept for hosts that call them. */
export const everyReadIsLogged = readsAreLogged;
export const denyByDefault = accessFollowsThePolicy;
export const noMyNumberAtRest = myNumbersAreRefused;
