/**
 * Bokmål texts of every area but the shell and the start pages (issue 23): one chunk, loaded with
 * the first page that is not a start page (App.tsx `named` waits for it, languages.ts
 * `loadAreaTexts`), so the citizen's start page does not download the staff areas' texts.
 * Typed with nb.ts: `MessageKey` is the keys of both, and nn/se/en must define all of them.
 */
import { statisticsNb } from './statistics.nb.ts';
import { journalNb } from './journal.nb.ts';
import { inboxNb } from './inbox.nb.ts';
import { notifyAdminNb } from './notify-admin.nb.ts';
import { rulesNb } from './rules.nb.ts';
import { campaignsNb } from './campaigns.nb.ts';
import { lettersNb } from './letters.nb.ts';
import { tasksNb } from './tasks.nb.ts';
import { recordsNb } from './records.nb.ts';
import { formsNb } from './forms.nb.ts';
import { appointmentsNb } from './appointments.nb.ts';
import { calendarNb } from './calendar.nb.ts';
import { dialogNb } from './dialog.nb.ts';
import { representationNb } from './representation.nb.ts';

export const nbAreas = {
  ...dialogNb,
  ...representationNb,
  ...appointmentsNb,
  ...calendarNb,
  ...lettersNb,
  ...tasksNb,
  ...recordsNb,
  ...formsNb,
  ...journalNb,
  ...inboxNb,
  ...notifyAdminNb,
  ...statisticsNb,
  ...rulesNb,
  ...campaignsNb,
} as const;
