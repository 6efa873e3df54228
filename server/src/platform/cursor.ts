/**
 * The one keyset cursor of the API's paged lists: a position (a time and a row's uuid) encoded
 * as base64url text. A cursor a client made up or mangled is refused here, with one clear
 * message, before it reaches a statement (a malformed uuid or an out-of-range time would
 * otherwise be a database error, a 500).
 */
import { AppError } from './errors.ts';

/** A keyset position: rows after (or before) this time and id. */
export interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The form `Date.toISOString` writes for years 0000–9999 (what encodeCursor makes; PostgreSQL has no year 0). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Encodes a position for the API. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');
}

/** Decodes a cursor from the API, or refuses it (400 VALIDATION_FAILED) when it is not one this server made. */
export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  const [at = '', id = '', ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const date = ISO.test(at) ? new Date(at) : undefined;
  if (rest.length || !date || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || !UUID.test(id.toLowerCase()))
    throw new AppError('VALIDATION_FAILED', 'The page cursor is not valid. Start again from the first page.');
  return { at: date, id: id.toLowerCase() };
}
