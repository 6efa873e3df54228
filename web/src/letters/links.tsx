/** Ways into the letter and notification pages from the start pages. */
import { Link } from 'react-router';
import { useCapability } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useCitizenLetters } from './api.ts';

/** On the citizen's start page: "Letters" (with the unread count) and "Notifications". */
export function LettersShortcut() {
  const t = useT();
  // Letters are offered only where the server's access policy lets the user see them.
  const letters = useCapability('letter')?.see !== false;
  return (
    <p className="hd-shortcuts">
      {letters && <LettersLink />}
      <Link className="hd-link" to="/citizen/notifications">
        {t('notify.shortcut')}
      </Link>
    </p>
  );
}

function LettersLink() {
  const t = useT();
  const letters = useCitizenLetters();
  const unread = letters.data?.unread ?? 0;
  return (
    <Link className="hd-link" to="/citizen/letters">
      {unread > 0 ? t('letters.shortcut.unread', { count: unread }) : t('letters.shortcut')}
    </Link>
  );
}

/** On a unit card: the unit's patient letters. */
export function UnitLettersLink({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/letters`}>
      {t('letters.unitCard.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}
