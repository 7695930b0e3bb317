/** Public API of the routine-vaccination schedule (予防接種法施行令・実施規則) as data + code. */
export * from './legal-dates.ts';
export {
  REASON_CODES, REASON_BIT, NO_REASONS, reasonCodesOf, reasonMaskOf, withReasons, withoutReasons, hasAnyReason,
  type ReasonCode, type ReasonMask,
} from './reasons.ts';
export * from './rule-schema.ts';
export { defaultRuleSet, loadRuleSet } from './rules.ts';
export { parseConditions, type ParsedConditions } from './conditions.ts';
export { compileRuleSet, FAR_FUTURE, FAR_PAST, type CompiledRuleSet, type CompileOptions } from './compile.ts';
export { compilePerson, type HistoryDoseDays, type PersonDays, type PersonDaysInput } from './person-days.ts';
export { createDoseEvaluator, DoseEvaluator, newDoseCheckDays, type DoseCheckDays } from './evaluate-days.ts';
export {
  evaluateDose, projectDose, compiledRuleSet, toDoseCheck,
  type DoseCheck, type DoseCheckInput, type DoseProjection, type DoseWindow, type HistoryDose, type PersonInput,
} from './evaluate-dose.ts';
