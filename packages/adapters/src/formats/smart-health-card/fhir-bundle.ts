import type { Certificate } from '@vaxledger/application';
import { CVX_SYSTEM, VACCINE_CVX } from './vaccine-codes.ts';

/**
 * JP Core's profiles the resources follow (name, birth date, status, vaccine code, date, lot, dose number). They are
 * not written into meta.profile: a card shown as a QR code carries no Resource.meta but meta.security (SMART Health
 * Cards, "Health Cards are Compact"), and every card here can be shown as one.
 */
export const JP_CORE_PROFILES = {
  patient: 'http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient',
  immunization: 'http://jpfhir.jp/fhir/core/StructureDefinition/JP_Immunization',
} as const;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type FhirResource = { resourceType: string } & { [key: string]: Json };
export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'collection';
  entry: Array<{ fullUrl: string; resource: FhirResource }>;
}

/** A name typed surname first: "YAMADA TARO", or with a comma after a surname of several words ("VAN DER BERG, ANNA"). */
function humanName(name: string): { family: string; given?: string[] } {
  const comma = name.indexOf(',');
  const [family, rest] = comma >= 0 ? [name.slice(0, comma), name.slice(comma + 1)] : [name.split(/[ \u3000]/)[0]!, name.slice(name.split(/[ \u3000]/)[0]!.length)];
  const given = rest.split(/[ \u3000]+/).map((g) => g.trim()).filter((g) => g.length > 0);
  return { family: family.trim(), ...(given.length > 0 ? { given } : {}) };
}

function patientOf(certificate: Certificate): FhirResource {
  const { person, passport } = certificate;
  // Data minimization: the names and the birth date identify the holder; passport items only when given, for use abroad.
  const names = [...(passport?.romanName ? [humanName(passport.romanName)] : []), humanName(person.kanjiName)];
  return {
    resourceType: 'Patient',
    ...(passport?.nationality ? {
      extension: [{
        url: 'http://hl7.org/fhir/StructureDefinition/patient-nationality',
        extension: [{ url: 'code', valueCodeableConcept: { coding: [{ system: 'urn:iso:std:iso:3166', code: passport.nationality }] } }],
      }],
    } : {}),
    ...(passport?.passportNumber ? {
      identifier: [{
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PPN' }] },
        ...(passport.nationality ? { system: `http://hl7.org/fhir/sid/passport-${passport.nationality}` } : {}),
        value: passport.passportNumber,
      }],
    } : {}),
    name: names,
    birthDate: person.birthDate,
  };
}

function immunizationOf(dose: Certificate['doses'][number]): FhirResource {
  return {
    resourceType: 'Immunization',
    status: 'completed',
    vaccineCode: { coding: [{ system: CVX_SYSTEM, code: VACCINE_CVX[dose.vaccine] }] },
    patient: { reference: 'resource:0' },
    occurrenceDateTime: dose.date,
    ...(dose.lot ? { lotNumber: dose.lot } : {}),
    ...(dose.clinicNo ? { performer: [{ actor: { display: `接種医療機関番号 ${dose.clinicNo}` } }] } : {}),
    protocolApplied: [{ doseNumberPositiveInt: dose.dose }],
  };
}

/**
 * The certificate as the FHIR R4 Bundle of a SMART Health Card: a collection of the Patient (resource:0) and one
 * Immunization per certified dose, referenced by short `resource:` URIs, without ids, meta, narrative or displays.
 */
export function healthCardBundle(certificate: Certificate): FhirBundle {
  const resources = [patientOf(certificate), ...certificate.doses.map(immunizationOf)];
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource, i) => ({ fullUrl: `resource:${i}`, resource })) };
}
