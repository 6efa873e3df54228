/** Ways into the task and tool pages. */
import { Link } from 'react-router';
import { useCapability } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useTasks } from './api.ts';

/** On the citizen's start page: "Oppgaver (2)" with the count of open tasks. */
export function TasksShortcut() {
  const t = useT();
  // Offered where the access policy lets the user see tasks for the person (tools are area documents).
  const allowed = useCapability('task')?.see !== false;
  const tasks = useTasks(allowed);
  if (!allowed) return null;
  const open = tasks.data?.open.length ?? 0;
  return (
    <p className="hd-shortcuts">
      <Link className="hd-link" to="/citizen/oppgaver">
        {open > 0 ? t('tasks.shortcut.count', { count: open }) : t('tasks.shortcut')}
      </Link>
    </p>
  );
}

/** On the clinician's start page: the tool catalogue. */
export function ToolCatalogueLink() {
  const t = useT();
  return (
    <p className="hd-shortcuts">
      <Link className="hd-link" to="/clinician/tools">
        {t('tools.catalogue.link')}
      </Link>
    </p>
  );
}
