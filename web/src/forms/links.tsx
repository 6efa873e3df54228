/** Ways into the form pages from the start pages. */
import { Link } from 'react-router';
import { useCapability } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useCitizenForms } from './api.ts';

/** On the citizen's start page: "Forms" with how many wait to be filled — only where the policy lets the user see forms. */
export function FormsShortcut() {
  const forms = useCapability('form')?.see !== false;
  return forms ? (
    <p className="hd-shortcuts">
      <FormsLink />
    </p>
  ) : null;
}

function FormsLink() {
  const t = useT();
  const forms = useCitizenForms();
  const open = forms.data?.open.length ?? 0;
  return (
    <Link className="hd-link" to="/skjema">
      {open > 0 ? t('forms.shortcut.open', { count: open }) : t('forms.shortcut')}
    </Link>
  );
}

/** On a unit card: the forms the unit sent (and from there, the form library). */
export function UnitFormsLink({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/form-requests`}>
      {t('forms.unitCard.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}
