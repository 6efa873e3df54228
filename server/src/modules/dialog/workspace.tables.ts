/** Tables of the clinician workspace (migration 20261208T1400_inbox_workspace). */
import type { Generated } from 'kysely';

export interface SavedFiltersTable {
  id: Generated<string>;
  staff_id: string;
  name: string;
  /** The inbox's query string (status=open&sort=deadline&…), as the web client builds it. */
  query: string;
  created_at: Generated<Date>;
}

export interface ReplyTemplatesTable {
  id: Generated<string>;
  unit_id: string;
  /** null: a unit template (managed by the unit's administrators); else the owner's personal one. */
  staff_id: string | null;
  title: string;
  text: string;
  created_by: string;
  created_at: Generated<Date>;
}

declare module '../../platform/db-types.ts' {
  interface DB {
    saved_filters: SavedFiltersTable;
    reply_templates: ReplyTemplatesTable;
  }
}
