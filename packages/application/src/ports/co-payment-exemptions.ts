/**
 * 免除区分: whether a person is exempt from the co-payment (自己負担) on a day, and under which kind (生活保護受給者,
 * 市民税非課税世帯 …). The claim asks it for every paid dose; the fee table says which kinds pay nothing. The default
 * knows no exemption; a host (or the conditions of issue 25) wires the city's record of them.
 */
export interface CoPaymentExemptions {
  /** The person's exemption kind in force on `date` (YYYY-MM-DD), or undefined. */
  exemptionOf(tenant: string, residentId: string, date: string): Promise<string | undefined>;
}

export const noCoPaymentExemptions: CoPaymentExemptions = {
  exemptionOf: async () => undefined,
};
