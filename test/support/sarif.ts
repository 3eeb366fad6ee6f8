/** Validation of SARIF output against the SARIF 2.1.0 schema. */
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';

/** The SARIF 2.1.0 schema as shipped by Microsoft's SARIF SDK (a draft-04 schema). */
export function sarifValidator(): ValidateFunction<any> {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // Ajv 8 speaks draft-07: the draft-04 `id` becomes `$id`; formats are not checked, and one
  // language-tag pattern of the schema is only valid as a non-unicode regular expression.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  return new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile<any>(schema);
}
