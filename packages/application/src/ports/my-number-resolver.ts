/**
 * The city's 団体内統合宛名システム, as relief intake needs it: a 個人番号 → the person it names here, by 整理番号
 * (residentId) or by 統合宛名番号, or null when it names nobody the system knows. The engine asks it once per intake
 * and keeps nothing of the answer but the person's id; an adapter must not keep the number either (the default one
 * reads a CSV export, csvMyNumberResolver, and holds nothing between calls).
 */
export type ResolvedPerson =
  | { readonly residentId: string }
  | { readonly integratedAddresseeNo: string };

export interface MyNumberResolver {
  /** `myNumber` is 12 ASCII digits with a valid check digit. */
  resolve(myNumber: string): Promise<ResolvedPerson | null>;
}
