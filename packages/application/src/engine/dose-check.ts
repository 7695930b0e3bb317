import { evaluateDose, type DoseCheck, type ReasonCode, type RuleSet, type VaccinationFields } from '@vaxledger/domain';
import type { EligibilityDoc } from '@vaxledger/projections';

/**
 * The schedule check a clinic's dose goes through when it is registered. The dose is recorded whatever the answer
 * (the person was vaccinated); the reasons become its 警告内容 and a dose that is not routine is not recorded as one.
 */
export function checkRecordedDose(
  fields: Pick<VaccinationFields, 'vaccine' | 'dose' | 'date' | 'product'>,
  person: EligibilityDoc | undefined,
  rules: RuleSet,
  excludeRecordId?: string,
): DoseCheck {
  return evaluateDose(
    {
      vaccine: fields.vaccine,
      dose: fields.dose,
      date: fields.date,
      product: fields.product,
      birthDate: person?.birthDate ?? '',
      sex: person?.sex,
      conditions: person?.conditions,
      history: (person?.doses ?? []).filter((d) => d.recordId !== excludeRecordId).map((d) => ({ vaccine: d.vaccine, dose: d.dose, date: d.date, product: d.product })),
    },
    rules,
  );
}

/** Reasons that say the record is incomplete, not that the dose fell outside the law: they warn but do not decide. */
const IDENTITY_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['product-unknown', 'sex-unknown']);

/** 接種区分 for a recorded dose: what the caller said for temporary and special-measures doses, else by the check. */
export function categoryFor(check: DoseCheck, requested: VaccinationFields['category'] | undefined): VaccinationFields['category'] {
  if (requested === 'temporary' || requested === 'special-measures') return requested;
  return check.reasons.every((r) => IDENTITY_REASONS.has(r)) ? 'routine' : 'voluntary';
}
