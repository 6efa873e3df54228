import Title from '@helsenorge/designsystem-react/components/Title';
import type { Me } from '../api/types.ts';
import { RequireSession } from '../components/RequireSession.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { ContactList } from './ContactList.tsx';
import { AppointmentsShortcut } from '../appointments/links.tsx';
import { LettersShortcut } from '../letters/links.tsx';
import { TasksShortcut } from '../tasks/links.tsx';
import { RecordsShortcut } from '../records/links.tsx';
import { FormsShortcut } from '../forms/links.tsx';
import { RepresentationShortcuts } from '../representation/links.tsx';

/** /citizen: the signed-in citizen's start page. */
export function CitizenHomePage() {
  return <RequireSession kind="citizen">{(me) => <CitizenHome me={me} />}</RequireSession>;
}

function CitizenHome({ me }: { me: Me }) {
  const t = useT();
  // While acting for someone else (a child, a power of attorney), the page is about them.
  const subject = me.actingFor && me.actingFor.id !== me.person.id ? me.actingFor.name : null;
  useDocumentTitle(subject ? t('rep.home.docTitle', { name: subject }) : t('citizen.docTitle'));
  return (
    <>
      {!subject && <p className="hd-greeting">{t('citizen.greeting', { name: me.person.name })}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {subject ? t('rep.home.title', { name: subject }) : t('citizen.contacts.title')}
      </Title>
      <p className="hd-lead">{subject ? t('rep.home.intro', { name: subject }) : t('citizen.contacts.intro')}</p>
      <AppointmentsShortcut />
      <TasksShortcut />
      <LettersShortcut />
      <RecordsShortcut />
      <FormsShortcut />
      <RepresentationShortcuts />
      <ContactList />
    </>
  );
}
