/**
 * Demo wiring of journaling and the FHIR API: each demo unit documents to the development EPJ
 * of this server (KITH for the GP office and home care, FHIR for the hospital departments), and
 * two demo EPJ clients may use the FHIR API (credentials in docs/fhir.md; development only).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../platform/db-types.ts';
import { createFhirClient } from '../fhir/fhir.auth.ts';
import { DEV_EPJ_CLIENT } from '../modules/journal/dev-epj.ts';
import { upsertEndpoint } from '../modules/journal/journal.repository.ts';

/** The demo FHIR clients (documented in docs/fhir.md; never used outside development). */
export const DEMO_FHIR_CLIENTS = {
  gp: { clientId: 'demo-gp-epj', secret: 'demo-gp-epj-secret', name: 'Demo EPJ, Fjordbyen legekontor' },
  hospital: { clientId: 'demo-hospital-epj', secret: 'demo-hospital-epj-secret', name: 'Demo EPJ, Sykehuset Nordvest' },
};

/** Wires the demo units to the development EPJ and registers the demo FHIR clients. */
export async function seedJournal(tx: Transaction<DB>, units: { gp: string; cardio: string; ortho: string; homeCare: string }): Promise<void> {
  // Relative URLs resolve against this server itself (see journal.worker.ts selfUrlOf).
  const kith = { protocol: 'kith' as const, transport: 'http' as const, url: '/dev-epj/kith' };
  const fhir = { protocol: 'fhir' as const, transport: 'http' as const, url: '/dev-epj/fhir', auth: { tokenUrl: '/dev-epj/token', ...DEV_EPJ_CLIENT } };
  await upsertEndpoint(tx, { unitId: units.gp, ...kith });
  await upsertEndpoint(tx, { unitId: units.homeCare, ...kith });
  await upsertEndpoint(tx, { unitId: units.cardio, ...fhir });
  await upsertEndpoint(tx, { unitId: units.ortho, ...fhir });
  await createFhirClient(tx, { ...DEMO_FHIR_CLIENTS.gp, unitIds: [units.gp, units.homeCare] });
  await createFhirClient(tx, { ...DEMO_FHIR_CLIENTS.hospital, unitIds: [units.cardio, units.ortho] });
}
