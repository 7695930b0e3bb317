import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { VaccineSchema, type Vaccine, type VaccinationFields } from '../events/vaccination-events.ts';
import { PassportItemsSchema, type CertificateFormat, type PassportItems } from '../events/linkage-events.ts';
import type { RuleSet } from '../schedule/rule-schema.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';
import { sameDose } from './vaccination.ts';

/** The event of one certificate's stream (予防接種済証 / 接種証明書). */
export type CertificateEvent = EventOf<'CertificateIssued'>;

export type CertificateState =
  | { readonly status: 'none' }
  | { readonly status: 'issued'; readonly residentId: string; readonly issuedOn: string; readonly recordIds: readonly string[] };

/** A record of the person's ledger, as much of it as decides whether and how it is certified. */
export interface CertifiableRecord {
  readonly recordId: string;
  readonly status: 'active' | 'voided';
  readonly fields: Pick<VaccinationFields, 'vaccine' | 'dose' | 'date' | 'category'>;
}

export interface IssueCertificate {
  readonly type: 'IssueCertificate';
  /** A new id, chosen by the caller. */
  readonly certificateId: string;
  readonly residentId: string;
  /** Whether the resident is registered (read by the caller). */
  readonly residentRegistered: boolean;
  /** The kind of identity document checked (番号法第16条), as typed; never its number. */
  readonly identityDocument: string;
  /** The vaccines asked for, as typed; none for every vaccine on the ledger. */
  readonly vaccines?: readonly string[];
  /** The person's ledger: every record, voided ones too. */
  readonly records: readonly CertifiableRecord[];
  /** Today in Japan (JST), YYYY-MM-DD: the day of issue. */
  readonly today: string;
  /** How it is handed over (text when not given). */
  readonly format?: CertificateFormat;
  /** Passport items as typed, for a certificate used abroad (normalized here: upper case, single spaces). */
  readonly passport?: { readonly romanName?: string; readonly nationality?: string; readonly passportNumber?: string };
  /** For a SMART Health Card: the issuer URL and the key (JWK thumbprint) it is signed with. */
  readonly healthCard?: { readonly issuer: string; readonly kid: string };
}

export type CertificateCommand = IssueCertificate;

/** Records in the order a certificate lists them: by vaccine, then dose, then date. */
function byVaccineDoseDate(a: CertifiableRecord, b: CertifiableRecord): number {
  return a.fields.vaccine.localeCompare(b.fields.vaccine) || a.fields.dose - b.fields.dose || a.fields.date.localeCompare(b.fields.date);
}

/**
 * Whether a record's 接種区分 is one a municipality certifies: vaccinations under the Immunization Act (定期, 臨時) and
 * under the special-measures act (特措法), which it carried out and keeps the record of (予防接種法施行規則第4条). A
 * voluntary dose (任意: outside the Act, or a dose the dose check found outside the routine conditions) is the clinic's
 * to certify, not the municipality's: it is on no certificate, in no format, signed or not.
 */
export const certifiableCategory = (category: VaccinationFields['category']): boolean => category !== 'voluntary';

/**
 * The records a certificate lists: active ones only, of a certifiable 接種区分, of the vaccines asked for (all when
 * none), by vaccine, dose and date, each dose once — a dose recorded twice (with a reason) is certified once, the
 * first of them.
 */
export function certifiedRecords<R extends CertifiableRecord>(rules: RuleSet, records: readonly R[], vaccines: readonly Vaccine[]): R[] {
  return records
    .filter((r) => r.status === 'active' && certifiableCategory(r.fields.category) && (vaccines.length === 0 || vaccines.includes(r.fields.vaccine)))
    .sort(byVaccineDoseDate)
    .filter((r, i, all) => !all.slice(0, i).some((earlier) => sameDose(rules, earlier.fields, r.fields)));
}

/** The certificates decider under a rule set (what "the same dose" means depends on the schedule). */
export function certificateDeciderFor(rules: RuleSet): Decider<CertificateCommand, CertificateEvent, CertificateState> {
  return {
    initialState: { status: 'none' },

    decide(command, state) {
      if (state.status !== 'none') return refuse('certificate-exists', `certificate ${command.certificateId} is already issued`);
      const identityDocument = command.identityDocument.trim();
      if (identityDocument.length === 0 || identityDocument.length > 40) {
        return refuse('identity-document-required', 'the kind of identity document checked (番号法第16条) is required, at most 40 characters');
      }
      const vaccines: Vaccine[] = [];
      for (const v of command.vaccines ?? []) {
        const parsed = VaccineSchema.safeParse(v);
        if (!parsed.success) return refuse('unknown-vaccine', `unknown vaccine ${JSON.stringify(String(v).slice(0, 30))}`);
        if (!vaccines.includes(parsed.data)) vaccines.push(parsed.data);
      }
      let passport: PassportItems | undefined;
      if (command.passport !== undefined) {
        const typed = Object.fromEntries(Object.entries(command.passport)
          .filter(([, v]) => v !== undefined && v.trim() !== '')
          .map(([k, v]) => [k, v!.trim().toUpperCase().replace(/\s+/g, ' ')]));
        const parsed = PassportItemsSchema.safeParse(typed);
        // Names the item and the rule, never the value typed.
        if (!parsed.success) return refuse('invalid-passport-item', `passport items: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(items)'}: ${i.message}`).join('; ')}`);
        passport = parsed.data;
      }
      const format = command.format ?? 'text';
      if ((format === 'shc') !== (command.healthCard !== undefined)) return refuse('health-card-key-required', 'a SMART Health Card, and only one, names its issuer and signing key');
      if (!command.residentRegistered) return unknownResident(command.residentId);
      const certified = certifiedRecords(rules, command.records, vaccines);
      if (certified.length === 0) {
        return refuse('nothing-to-certify', `resident ${command.residentId} has no active record${vaccines.length > 0 ? ' of those vaccines' : ''}`);
      }
      return E.right([{
        type: 'CertificateIssued',
        data: {
          certificateId: command.certificateId, residentId: command.residentId, issuedOn: command.today, vaccines, recordIds: certified.map((r) => r.recordId), identityDocument,
          format, ...(passport ? { passport } : {}), ...(command.healthCard ? { healthCard: { ...command.healthCard } } : {}),
        },
      }]);
    },

    evolve(_state, event) {
      const { residentId, issuedOn, recordIds } = event.data;
      return { status: 'issued', residentId, issuedOn, recordIds };
    },
  };
}
