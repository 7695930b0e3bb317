import type { AnyProjection } from './projection.ts';
import { ledgerProjection } from './ledger/ledger-projection.ts';
import { oplogProjection } from './oplog/oplog-projection.ts';
import { residentsProjection } from './residents/residents-projection.ts';
import { operatorsProjection } from './operators/operators-projection.ts';
import { eligibilityProjection } from './eligibility/eligibility-projection.ts';
import { suspenseProjection } from './suspense/suspense-projection.ts';
import { retainedStatisticsProjection } from './statistics/retained-projection.ts';
import { requestsProjection } from './requests/requests-projection.ts';

/** Every projection the engine keeps; the runner and `verify` work over this list. */
export const ALL_PROJECTIONS: readonly AnyProjection[] = [residentsProjection, ledgerProjection, eligibilityProjection, suspenseProjection, retainedStatisticsProjection, requestsProjection, operatorsProjection, oplogProjection];
