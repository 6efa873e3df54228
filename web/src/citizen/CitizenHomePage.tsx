import Title from '@helsenorge/designsystem-react/components/Title';
import { RequireSession } from '../components/RequireSession.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { ContactList } from './ContactList.tsx';
import { AppointmentsShortcut } from '../appointments/links.tsx';
import { LettersShortcut } from '../letters/links.tsx';
import { RepresentationShortcuts } from '../representation/links.tsx';

/** /citizen: the signed-in citizen's start page. */
export function CitizenHomePage() {
  const t = useT();
  useDocumentTitle(t('citizen.docTitle'));
  return (
    <RequireSession kind="citizen">
      {(me) => (
        <>
          <p className="hd-greeting">{t('citizen.greeting', { name: me.person.name })}</p>
          <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('citizen.contacts.title')}
          </Title>
          <p className="hd-lead">{t('citizen.contacts.intro')}</p>
          <AppointmentsShortcut />
          <LettersShortcut />
          <RepresentationShortcuts />
          <ContactList />
        </>
      )}
    </RequireSession>
  );
}
