// 予防接種済証 / 接種証明書: a certificate of the person's doses, issued on their request and put on the record; as text,
// JSON, or a SMART Health Card that other systems verify. Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import {
  certificateDeciderFor, defaultHealthCardIssuer, DomainError, healthCardIssuerDecider, streams,
  type CertificateFormat, type PassportItems, type VaccinationFields,
} from '@vaxledger/domain';
import { docKey, type ResidentDoc } from '@vaxledger/projections';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

export interface Certificate {
  readonly certificateId: string;
  /** 全国地方公共団体コード of the issuing municipality. */
  readonly municipality: string;
  readonly issuedOn: string;
  readonly residentId: string;
  readonly format: CertificateFormat;
  readonly person: { readonly kanjiName: string; readonly kanaName: string; readonly birthDate: string };
  /** Passport items given for this certificate (for use abroad): printed on it, kept nowhere in clear. */
  readonly passport?: PassportItems;
  /**
   * Active records only, as corrected, of a certifiable 接種区分 (not voluntary), by vaccine and dose, each dose once;
   * voided records are not certified.
   */
  readonly doses: ReadonlyArray<{ readonly recordId: string } & Pick<VaccinationFields, 'vaccine' | 'dose' | 'date' | 'category' | 'product' | 'maker' | 'lot' | 'clinicNo'>>;
  /** For format `shc`: the SMART Health Card (compact JWS), its issuer URL and signing key id, and whether that URL is the default. */
  readonly healthCard?: { readonly jws: string; readonly issuer: string; readonly kid: string; readonly defaultIssuer: boolean };
}

export interface CertificateOptions {
  identityDocument: string;
  vaccines?: readonly string[];
  /** text (the default), json, or shc (a signed SMART Health Card). */
  format?: CertificateFormat;
  /** Passport items for use abroad, as typed (see PassportItemsSchema). */
  passport?: { romanName?: string; nationality?: string; passportNumber?: string };
}

/** The tenant's issuer URL: the one an administrator set last, or the default. */
async function currentIssuer(ctx: SessionContext): Promise<{ issuer: string; defaultIssuer: boolean }> {
  const { state } = await ctx.engine.load(healthCardIssuerDecider, streams.healthCardIssuer(ctx.tenant));
  return state.issuer === null ? { issuer: defaultHealthCardIssuer(ctx.tenant), defaultIssuer: true } : { issuer: state.issuer, defaultIssuer: false };
}

export async function issueCertificate(ctx: SessionContext, residentId: string, options: CertificateOptions): Promise<Certificate> {
  await ctx.authorize('certificate.issue', residentId);
  await ctx.upToDate();
  const format = options.format ?? 'text';
  const signer = ctx.engine.certificateSigner;
  if (format === 'shc' && !signer) throw new DomainError('no-certificate-signer', 'this engine has no certificate signer: SMART Health Cards cannot be issued');
  const certificateId = randomUUID();
  const today = japanDate(ctx.engine.clock.now());
  const key = docKey(ctx.tenant, residentId);
  const resident = (await ctx.engine.projectionStore.getDocs('residents', [key])).get(key)?.doc as ResidentDoc | undefined;
  if (resident) await ctx.refuseIfSuspended(resident, 'certificate.issue');
  const records = resident ? (await ctx.currentLedger(residentId))?.records ?? [] : [];
  // The key is made (on the first card) before the issue is recorded, so that the record names the key that signs it.
  const card = format === 'shc' ? { ...(await currentIssuer(ctx)), kid: await signer!.currentKeyId(ctx.tenant) } : undefined;
  // On the record before the certificate leaves: who issued what to whom, on which identity document.
  const { events } = await ctx.forResident(residentId, (residentRegistered) => ctx.engine.commands.execute({
    stream: streams.certificate(ctx.tenant, certificateId), decider: certificateDeciderFor(ctx.engine.rules),
    command: {
      type: 'IssueCertificate', certificateId, residentId, residentRegistered, identityDocument: options.identityDocument, records, today, format,
      ...(options.vaccines === undefined ? {} : { vaccines: options.vaccines }),
      ...(options.passport === undefined ? {} : { passport: options.passport }),
      ...(card ? { healthCard: { issuer: card.issuer, kid: card.kid } } : {}),
    },
  }, ctx.meta()));
  const issued = events[0]!.data;
  const byId = new Map(records.map((r) => [r.recordId, r]));
  const doses = issued.recordIds.map((recordId) => {
    const { vaccine, dose, date, category, product, maker, lot, clinicNo } = byId.get(recordId)!.fields;
    return { recordId, vaccine, dose, date, category, ...(product ? { product } : {}), ...(maker ? { maker } : {}), ...(lot ? { lot } : {}), ...(clinicNo ? { clinicNo } : {}) };
  });
  const d = resident!.details;
  const certificate: Certificate = {
    certificateId, municipality: ctx.tenant, issuedOn: issued.issuedOn, residentId, format,
    person: { kanjiName: d.kanjiName, kanaName: d.kanaName, birthDate: d.birthDate },
    ...(issued.passport ? { passport: issued.passport } : {}),
    doses,
  };
  if (!card) return certificate;
  const jws = await signer!.signHealthCard(ctx.tenant, card.kid, { issuer: card.issuer, issuedAt: ctx.engine.clock.now(), certificate });
  return { ...certificate, healthCard: { jws, issuer: card.issuer, kid: card.kid, defaultIssuer: card.defaultIssuer } };
}

/** Sets the issuer URL the tenant's SMART Health Cards carry (`iss`): the municipality's own https address. */
export async function setHealthCardIssuer(ctx: SessionContext, issuer: string): Promise<{ issuer: string }> {
  await ctx.authorize('certificate.configure');
  await ctx.engine.commands.execute({
    stream: streams.healthCardIssuer(ctx.tenant), decider: healthCardIssuerDecider, command: { type: 'SetHealthCardIssuer', issuer },
  }, ctx.meta());
  return { issuer: (await currentIssuer(ctx)).issuer };
}

/** The issuer URL the tenant's cards carry now, and whether it is the default (none was set). */
export async function healthCardIssuer(ctx: SessionContext): Promise<{ issuer: string; defaultIssuer: boolean }> {
  await ctx.authorize('certificate.configure');
  return currentIssuer(ctx);
}
