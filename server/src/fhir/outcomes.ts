/**
 * FHIR errors as OperationOutcome (only the FHIR layer answers this way; the rest of the API
 * speaks problem+json). Issue codes from http://hl7.org/fhir/valueset-issue-type.html.
 */

import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** The R4 resource types come from @medplum/fhirtypes (types only; decision 102). */
export type { Resource };

/** An issue type code (http://hl7.org/fhir/ValueSet/issue-type, a required binding). */
export type IssueType = OperationOutcomeIssue['code'];

/** An error the FHIR router answers as an OperationOutcome with the given HTTP status. */
export class FhirError extends Error {
  readonly status: number;
  readonly code: IssueType;
  /** Several issues (e.g. every validation error with its FHIRPath expression), when there are. */
  readonly issues: OperationOutcomeIssue[] | undefined;
  constructor(status: number, code: IssueType, message: string, issues?: OperationOutcomeIssue[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** The OperationOutcome of an error: its own issues, or one issue with its message. */
export function outcomeOf(e: FhirError): OperationOutcome {
  return e.issues?.length ? { resourceType: 'OperationOutcome', issue: e.issues } : operationOutcome(e.status >= 500 ? 'fatal' : 'error', e.code, e.message);
}

/** An OperationOutcome with one issue. */
export function operationOutcome(severity: OperationOutcomeIssue['severity'], code: IssueType, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

/** 404 that says nothing about whether the resource exists outside the caller's units. */
export function notFound(type: string, id: string): FhirError {
  return new FhirError(404, 'not-found', `${type}/${id} is not known, or not in the units this client may see.`);
}

/** 412 for a version-aware update (If-Match) of a version that is no longer the current one. */
export function versionMismatch(type: string, id: string, current: string, wanted: string): FhirError {
  return new FhirError(
    412,
    'conflict',
    `${type}/${id} is at version ${current}, not ${wanted} (If-Match): it was changed since you read it. Read it again and apply your change to version ${current}.`,
  );
}

/** 400 for a request we cannot read. */
export function badRequest(message: string): FhirError {
  return new FhirError(400, 'invalid', message);
}

/** 422 for a resource that breaks a business rule. */
export function unprocessable(message: string, code: IssueType = 'business-rule'): FhirError {
  return new FhirError(422, code, message);
}
