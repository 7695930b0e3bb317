import type { Vaccine } from '@vaxledger/domain';

/** CVX, the CDC's vaccine code system: the one SMART Health Card verifiers everywhere read. */
export const CVX_SYSTEM = 'http://hl7.org/fhir/sid/cvx';

/**
 * Each 接種名称区分 as a CVX code. The ledger keeps vaccine kinds, not products (a slip's product name is free text), so
 * each maps to CVX's "unspecified formulation" code where it has one, and to the kind Japan uses otherwise. Japan's
 * national codes (HOT9, YJ) name products, which the ledger does not hold: none is given. The table is docs/health-cards.md's.
 */
export const VACCINE_CVX: Readonly<Record<Vaccine, string>> = {
  hib: '17', // Hib, unspecified formulation
  pcv: '152', // pneumococcal conjugate, unspecified formulation
  hepb: '45', // Hep B, unspecified formulation
  rota: '122', // rotavirus, unspecified formulation
  'dpt-ipv-hib': '170', // DTaP-IPV-Hib, non-US (Japan's 五種混合)
  'dpt-ipv': '130', // DTaP-IPV (四種混合)
  bcg: '19', // BCG
  mr: '04', // M/R (measles and rubella)
  varicella: '21', // varicella
  je: '129', // Japanese encephalitis, unspecified formulation
  dt: '28', // DT (pediatric) (二種混合, 2期)
  hpv: '137', // HPV, unspecified formulation
  influenza: '88', // influenza, unspecified formulation
  'pneumococcal-elderly': '33', // pneumococcal polysaccharide PPV23 (the elderly's routine vaccine)
  covid19: '213', // SARS-COV-2 (COVID-19) vaccine, unspecified formulation
  zoster: '188', // zoster, unspecified formulation
  'rubella-5': '06', // rubella (風しん第5期: the vaccine given is often MR, which the ledger does not tell apart)
  'rsv-maternal': '305', // RSV, bivalent, protein subunit RSVpreF (the maternal vaccine)
};
