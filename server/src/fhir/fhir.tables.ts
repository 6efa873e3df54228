/** Table types of the FHIR API (merged into DB). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface FhirClientsTable {
  client_id: string;
  name: string;
  secret_hash: string;
  unit_ids: string[];
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface FhirTokensTable {
  token_hash: string;
  client_id: string;
  unit_ids: string[];
  scope: string;
  expires_at: Timestamp;
  created_at: Generated<Date>;
}

declare module '../platform/db-types.ts' {
  interface DB {
    fhir_clients: FhirClientsTable;
    fhir_tokens: FhirTokensTable;
  }
}
