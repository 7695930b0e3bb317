// 予防接種済証 / 接種証明書: a certificate of the person's doses, issued on their request and put on the record.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { certificateDeciderFor, streams, type VaccinationFields } from '@vaxledger/domain';
import { docKey, type ResidentDoc } from '@vaxledger/projections';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

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
  await ctx.upToDate();
  const certificateId = randomUUID();
  const today = japanDate(ctx.engine.clock.now());
  const key = docKey(ctx.tenant, residentId);
  const resident = (await ctx.engine.projectionStore.getDocs('residents', [key])).get(key)?.doc as ResidentDoc | undefined;
  if (resident) await ctx.refuseIfSuspended(resident, 'certificate.issue');
  const records = resident ? (await ctx.currentLedger(residentId))?.records ?? [] : [];
  // On the record before the certificate leaves: who issued what to whom, on which identity document.
  const { events } = await ctx.forResident(residentId, (residentRegistered) => ctx.engine.commands.execute({
    stream: streams.certificate(ctx.tenant, certificateId), decider: certificateDeciderFor(ctx.engine.rules),
    command: {
      type: 'IssueCertificate', certificateId, residentId, residentRegistered, identityDocument: options.identityDocument, records, today,
      ...(options.vaccines === undefined ? {} : { vaccines: options.vaccines }),
    },
  }, ctx.meta()));
  const issued = events[0]!.data;
  const byId = new Map(records.map((r) => [r.recordId, r]));
  const doses = issued.recordIds.map((recordId) => {
    const { vaccine, dose, date, category, product, maker, lot, clinicNo } = byId.get(recordId)!.fields;
    return { recordId, vaccine, dose, date, category, ...(product ? { product } : {}), ...(maker ? { maker } : {}), ...(lot ? { lot } : {}), ...(clinicNo ? { clinicNo } : {}) };
  });
  const d = resident!.details;
  return {
    certificateId, municipality: ctx.tenant, issuedOn: issued.issuedOn, residentId,
    person: { kanjiName: d.kanjiName, kanaName: d.kanaName, birthDate: d.birthDate },
    doses,
  };
}
