import { docKey } from '../projection.ts';
import type { ProjectionStore } from '../projection-store.ts';
import { EMPTY_ELIGIBILITY, eligibilityDosePrefix, type EligibilityDoc, type EligibilityDoseDoc, type EligibilityPersonDoc } from './eligibility-projection.ts';

/** Gathers the eligibility projection's documents, in any order, into one {@link EligibilityDoc} per person. */
export class EligibilityAssembler {
  private readonly persons = new Map<string, EligibilityPersonDoc | undefined>();
  private readonly doses = new Map<string, EligibilityDoseDoc[]>();

  constructor(private readonly tenant: string) {}

  add(doc: EligibilityPersonDoc | EligibilityDoseDoc): void {
    if ('recordId' in doc) {
      const list = this.doses.get(doc.residentId);
      if (list) list.push(doc);
      else this.doses.set(doc.residentId, [doc]);
      if (!this.persons.has(doc.residentId)) this.persons.set(doc.residentId, undefined);
    } else {
      this.persons.set(doc.residentId, doc);
    }
  }

  /** One document per person seen, their doses in the order recorded. */
  *docs(): IterableIterator<EligibilityDoc> {
    for (const [residentId, person] of this.persons) {
      const doses = (this.doses.get(residentId) ?? []).sort((a, b) => a.position - b.position)
        .map(({ residentId: _r, position: _p, ...dose }) => dose);
      yield { ...(person ?? EMPTY_ELIGIBILITY(this.tenant, residentId)), doses };
    }
  }
}

/** Every person of a tenant known to the eligibility projection. */
export async function scanEligibility(store: ProjectionStore, tenant: string): Promise<EligibilityDoc[]> {
  const assembler = new EligibilityAssembler(tenant);
  for await (const { doc } of store.scan('eligibility', { prefix: `${tenant}/` })) assembler.add(doc as EligibilityPersonDoc | EligibilityDoseDoc);
  return [...assembler.docs()];
}

/** These persons as the eligibility projection knows them (a person it does not know is left out). */
export async function readEligibility(store: ProjectionStore, tenant: string, residentIds: readonly string[]): Promise<Map<string, EligibilityDoc>> {
  const assembler = new EligibilityAssembler(tenant);
  const persons = await store.getDocs('eligibility', residentIds.map((id) => docKey(tenant, id)));
  for (const { doc } of persons.values()) assembler.add(doc as EligibilityPersonDoc);
  const doses = await store.getDocsUnder('eligibility', residentIds.map((id) => eligibilityDosePrefix(tenant, id)));
  for (const { doc } of doses.values()) assembler.add(doc as EligibilityDoseDoc);
  return new Map([...assembler.docs()].map((d) => [d.residentId, d]));
}
