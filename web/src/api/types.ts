/**
 * Response shapes of the server's JSON API that the shell uses, from core's schemas (the server
 * validates its answers with the same ones), and the problem+json shape errors arrive in.
 */
import type { ContactListSchema, ContactSourceSchema, Me, StaffRoleSchema, StaffUnitListSchema, UnitKindSchema } from '@helsedialog/core';
import type { z } from 'zod';

export type { Me, StaffUnit, Contact as HealthContact } from '@helsedialog/core';

/** Whether someone is signed in: answered by GET /api/session (always 200). */
export type SessionState = { signedIn: true; me: Me } | { signedIn: false; reason: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' };

/** The kind of a treating unit (behandlende enhet). */
export type UnitKind = z.infer<typeof UnitKindSchema>;

/** How a health contact came about. */
export type ContactSource = z.infer<typeof ContactSourceSchema>;

/** A staff member's role in a unit. */
export type StaffRole = z.infer<typeof StaffRoleSchema>;

/** GET /api/citizen/contacts */
export type HealthContactList = z.infer<typeof ContactListSchema>;

/** GET /api/staff/units */
export type StaffUnitList = z.infer<typeof StaffUnitListSchema>;

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
