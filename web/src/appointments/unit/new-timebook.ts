/** The new-timebook form's fields, its one check and the body it sends. */
import type { AppointmentType, NewTimebookSchema } from '@helsedialog/core';
import { useState } from 'react';
import type { z } from 'zod';

export interface TimebookFields {
  kind: 'clinician' | 'resource';
  name: string;
  defaultType: AppointmentType;
  location: string;
  directions: string;
}

/** The body of POST /api/staff/units/{id}/timebooks from the fields, or why it cannot be sent yet. */
export function timebookInput(f: TimebookFields): { input: z.input<typeof NewTimebookSchema> } | { error: 'nameMissing' } {
  const name = f.name.trim();
  if (!name) return { error: 'nameMissing' };
  return {
    input: {
      kind: f.kind,
      name,
      defaultType: f.defaultType,
      ...(f.location.trim() ? { location: f.location.trim() } : {}),
      ...(f.directions.trim() ? { directions: f.directions.trim() } : {}),
    },
  };
}

const EMPTY: TimebookFields = { kind: 'clinician', name: '', defaultType: 'in_person', location: '', directions: '' };

/** The form's fields; `clearText` empties the texts after a timebook was made (kind and type stay). */
export function useTimebookFields() {
  const [fields, setFields] = useState<TimebookFields>(EMPTY);
  const set = <K extends keyof TimebookFields>(key: K, value: TimebookFields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const clearText = () => setFields((f) => ({ ...f, name: '', location: '', directions: '' }));
  return { fields, set, clearText };
}
