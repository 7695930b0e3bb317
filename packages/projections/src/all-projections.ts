import type { AnyProjection } from './projection.ts';
import { ledgerProjection } from './ledger/ledger-projection.ts';
import { residentsProjection } from './residents/residents-projection.ts';
import { operatorsProjection } from './operators/operators-projection.ts';
import { eligibilityProjection } from './eligibility/eligibility-projection.ts';
import { suspenseProjection } from './suspense/suspense-projection.ts';
import { retainedStatisticsProjection } from './statistics/retained-projection.ts';
import { requestsProjection } from './requests/requests-projection.ts';
import { provisionsProjection } from './provisions/provisions-projection.ts';
import { transfersProjection } from './transfers/transfers-projection.ts';
import { reliefProjection } from './relief/relief-projection.ts';
import { lettersProjection } from './letters/letters-projection.ts';
import { formNumbersProjection, formsProjection } from './forms/forms-projection.ts';
import { formMailProjection } from './forms/form-mail-projection.ts';
import { examinationsProjection } from './examinations/examinations-projection.ts';

/**
 * Every projection the engine keeps; the runner and `verify` work over this list. The operation log is not among
 * them: it is read from the chained rows themselves (readOperationLog), not kept as a copy.
 */
export const ALL_PROJECTIONS: readonly AnyProjection[] = [residentsProjection, ledgerProjection, eligibilityProjection, suspenseProjection, retainedStatisticsProjection, requestsProjection, provisionsProjection, operatorsProjection, transfersProjection, reliefProjection, lettersProjection, formsProjection, formNumbersProjection, formMailProjection, examinationsProjection];
