import Title from '@helsenorge/designsystem-react/components/Title';
import { useCitizenContacts } from '../api/queries.ts';
import type { HealthContact } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { ContactCard } from './ContactCard.tsx';

/** The citizen's health contacts, grouped into active and previous. */
export function ContactList() {
  const t = useT();
  const contacts = useCitizenContacts();

  if (contacts.isPending) return <PageLoader />;
  if (contacts.isError) return <ErrorPanel error={contacts.error} onRetry={() => void contacts.refetch()} />;

  const items = contacts.data.items;
  if (items.length === 0) {
    return (
      <div className="hd-empty">
        <p className="hd-empty__title">{t('citizen.contacts.empty')}</p>
        <p>{t('citizen.contacts.emptyHelp')}</p>
      </div>
    );
  }

  const active = items.filter((c) => c.status === 'active');
  const previous = items.filter((c) => c.status === 'previous');
  return (
    <>
      <ContactGroup id="contacts-active" title={t('citizen.contacts.active')} items={active}>
        {active.length === 0 && <p className="hd-muted">{t('citizen.contacts.noneActive')}</p>}
      </ContactGroup>
      {previous.length > 0 && <ContactGroup id="contacts-previous" title={t('citizen.contacts.previous')} items={previous} />}
    </>
  );
}

interface ContactGroupProps {
  id: string;
  title: string;
  items: HealthContact[];
  children?: React.ReactNode;
}

function ContactGroup({ id, title, items, children }: ContactGroupProps) {
  return (
    <section className="hd-section" aria-labelledby={id}>
      <Title id={id} htmlMarkup="h2" appearance="title2" margin={{ marginTop: 0, marginBottom: 1 }}>
        {title} <span className="hd-count">({items.length})</span>
      </Title>
      {children}
      {items.length > 0 && (
        <ul className="hd-card-list">
          {items.map((contact) => (
            <li key={contact.id}>
              <ContactCard contact={contact} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
