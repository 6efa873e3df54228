/**
 * What a staff patient search may ask (issue 15: a query of "%" or "_" listed the whole unit):
 * either a whole national identity number (11 digits, matched exactly) or words of a name with at
 * least two letters in all; LIKE wildcards in the words are escaped, never interpreted.
 */
import { isPatientQuery } from '@helsedialog/core';
import { z } from 'zod';

export type PatientQuery = { kind: 'nationalId'; nationalId: string } | { kind: 'name'; words: string[] };

const MESSAGE = 'must be a whole national identity number (11 digits) or at least 2 letters of a name';

/** The querystring value: checked here, so a bad query is a 400 naming q. */
export const PatientQuery = z
  .string()
  .trim()
  .max(60)
  .refine(isPatientQuery, MESSAGE);

/** Escapes LIKE's wildcards (and its escape character) so a value matches itself. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Reads a checked query: a national id, or up to four words of a name. */
export function parsePatientQuery(q: string): PatientQuery {
  if (/^\d{11}$/.test(q)) return { kind: 'nationalId', nationalId: q };
  return { kind: 'name', words: q.split(/\s+/).filter(Boolean).slice(0, 4) };
}
