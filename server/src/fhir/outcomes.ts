/**
 * FHIR errors as OperationOutcome (only the FHIR layer answers this way; the rest of the API
 * speaks problem+json). Issue codes from http://hl7.org/fhir/valueset-issue-type.html.
 */

/** A FHIR resource, loosely typed: mappers build and read plain JSON. */
export type Resource = { resourceType: string; id?: string; [key: string]: unknown };

/** An error the FHIR router answers as an OperationOutcome with the given HTTP status. */
export class FhirError extends Error {
  readonly status: number;
  readonly code: string;
  /** Several issues (e.g. every validation error with its FHIRPath expression), when there are. */
  readonly issues: Record<string, unknown>[] | undefined;
  constructor(status: number, code: string, message: string, issues?: Record<string, unknown>[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** The OperationOutcome of an error: its own issues, or one issue with its message. */
export function outcomeOf(e: FhirError): Resource {
  return e.issues?.length ? { resourceType: 'OperationOutcome', issue: e.issues } : operationOutcome(e.status >= 500 ? 'fatal' : 'error', e.code, e.message);
}

/** An OperationOutcome with one issue. */
export function operationOutcome(severity: 'fatal' | 'error' | 'warning' | 'information', code: string, diagnostics: string): Resource {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

/** 404 that says nothing about whether the resource exists outside the caller's units. */
export function notFound(type: string, id: string): FhirError {
  return new FhirError(404, 'not-found', `${type}/${id} is not known, or not in the units this client may see.`);
}

/** 400 for a request we cannot read. */
export function badRequest(message: string): FhirError {
  return new FhirError(400, 'invalid', message);
}

/** 422 for a resource that breaks a business rule. */
export function unprocessable(message: string, code = 'business-rule'): FhirError {
  return new FhirError(422, code, message);
}
