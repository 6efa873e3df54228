/**
 * Response shapes of the server's JSON API, as the web client sees them.
 * Kept here for now; they may move to core/ so server and web share one definition.
 */

/** Who is signed in: answered by GET /api/me. */
export interface Me {
  kind: 'citizen' | 'staff';
  /** Sent back in `x-csrf-token` on every non-GET request. */
  csrfToken: string;
  person: { id: string; name: string };
  /** ISO 8601 timestamp. */
  sessionExpiresAt: string;
  /** The person a citizen acts for when it is someone else (a child, a power of attorney); null as oneself. */
  actingFor?: { id: string; name: string; relation: 'self' | 'parent' | 'poa' } | null;
  /** The language the person chose, stored on the server; null: not chosen yet. */
  language?: 'nb' | 'nn' | 'se' | 'en' | null;
}

/** Whether someone is signed in: answered by GET /api/session (always 200). */
export type SessionState = { signedIn: true; me: Me } | { signedIn: false; reason: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' };

/** The kind of a treating unit (behandlende enhet). */
export type UnitKind = 'gp_office' | 'hospital_department' | 'home_care' | 'other';

/** How a health contact came about. */
export type ContactSource = 'gp_list' | 'care_right' | 'municipal_service' | 'manual';

/** A staff member's role in a unit. */
export type StaffRole = 'doctor' | 'nurse' | 'secretary' | 'coordinator';

/** A citizen's health contact (helsekontakt): a unit they may have dialog with. */
export interface HealthContact {
  id: string;
  unit: { id: string; name: string; kind: UnitKind; organisationName: string };
  source: ContactSource;
  status: 'active' | 'previous';
  /** ISO 8601 date or timestamp. */
  startedAt: string;
  /** ISO 8601 date or timestamp; null when open-ended. */
  endsAt: string | null;
  gp: { name: string } | null;
}

/** GET /api/citizen/contacts */
export interface HealthContactList {
  items: HealthContact[];
}

/** A unit the signed-in staff member works in, with their role there. */
export interface StaffUnit {
  id: string;
  name: string;
  kind: UnitKind;
  organisationName: string;
  role: StaffRole;
  isAdmin: boolean;
}

/** GET /api/staff/units */
export interface StaffUnitList {
  items: StaffUnit[];
}

/** An RFC 9457 problem detail, as the server answers every error. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  /** Stable machine-readable code, e.g. UNAUTHENTICATED. */
  code?: string;
  /** A message a person can act on. */
  detail?: string;
  /** Further machine-readable members of the problem (RFC 9457 extensions), e.g. `area`. */
  extensions?: Record<string, unknown>;
}
