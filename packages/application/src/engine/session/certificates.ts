// 予防接種済証 / 接種証明書: a certificate of the person's doses, issued on their request and put on the record.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { DomainError, sameDose, streams, VaccineSchema, type Vaccine, type VaccinationFields } from '@vaxledger/domain';
import { japanDate } from '../slip-importer.ts';
import { byVaccineDoseDate, type SessionContext } from './context.ts';

export interface Certificate {
  readonly certificateId: string;
  /** 全国地方公共団体コード of the issuing municipality. */
  readonly municipality: string;
  readonly issuedOn: string;
  readonly residentId: string;
  readonly person: { readonly kanjiName: string; readonly kanaName: string; readonly birthDate: string };
  /** Active records only, as corrected, by vaccine and dose, each dose once; voided records are not certified. */
  readonly doses: ReadonlyArray<{ readonly recordId: string } & Pick<VaccinationFields, 'vaccine' | 'dose' | 'date' | 'category' | 'product' | 'maker' | 'lot' | 'clinicNo'>>;
}

export async function issueCertificate(ctx: SessionContext, residentId: string, options: { identityDocument: string; vaccines?: readonly string[] }): Promise<Certificate> {
  await ctx.authorize('certificate.issue', residentId);
  const identityDocument = options.identityDocument.trim();
  if (identityDocument.length === 0 || identityDocument.length > 40) {
    throw new DomainError('identity-document-required', 'the kind of identity document checked (番号法第16条) is required, at most 40 characters');
  }
  const vaccines: Vaccine[] = [];
  for (const v of options.vaccines ?? []) {
    const parsed = VaccineSchema.safeParse(v);
    if (!parsed.success) throw new DomainError('unknown-vaccine', `unknown vaccine ${JSON.stringify(String(v).slice(0, 30))}`);
    if (!vaccines.includes(parsed.data)) vaccines.push(parsed.data);
  }
  await ctx.engine.catchUp();
  const resident = await ctx.requireResident(residentId);
  await ctx.refuseIfSuspended(resident, 'certificate.issue');
  const ledger = await ctx.currentLedger(residentId);
  const doses = (ledger?.records ?? [])
    .filter((r) => r.status === 'active' && (vaccines.length === 0 || vaccines.includes(r.fields.vaccine)))
    .map((r) => {
      const { vaccine, dose, date, category, product, maker, lot, clinicNo } = r.fields;
      return { recordId: r.recordId, vaccine, dose, date, category, ...(product ? { product } : {}), ...(maker ? { maker } : {}), ...(lot ? { lot } : {}), ...(clinicNo ? { clinicNo } : {}) };
    })
    .sort(byVaccineDoseDate)
    // A dose recorded twice (with a reason) is certified once: the first of them.
    .filter((d, i, all) => !all.slice(0, i).some((earlier) => sameDose(ctx.engine.rules, earlier, d)));
  if (doses.length === 0) throw new DomainError('nothing-to-certify', `resident ${residentId} has no active record${vaccines.length > 0 ? ' of those vaccines' : ''}`);
  const certificateId = randomUUID();
  const issuedOn = japanDate(ctx.engine.clock.now());
  // On the record before the certificate leaves: who issued what to whom, on which identity document.
  await ctx.engine.store.appendMulti([{
    stream: streams.certificate(ctx.tenant, certificateId),
    expectedRevision: 'no_stream',
    events: [ctx.envelope('CertificateIssued', { certificateId, residentId, issuedOn, vaccines, recordIds: doses.map((d) => d.recordId), identityDocument }, ctx.meta())],
  }]);
  await ctx.engine.catchUp();
  const d = resident.details;
  return {
    certificateId, municipality: ctx.tenant, issuedOn, residentId,
    person: { kanjiName: d.kanjiName, kanaName: d.kanaName, birthDate: d.birthDate },
    doses,
  };
}
