import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { Link } from 'react-router';
import { useCapability } from '../api/representation.ts';
import type { HealthContact } from '../api/types.ts';
import { useI18n } from '../i18n/i18n-context.ts';
import { formatDate } from '../lib/format.ts';

/** One health contact: the unit, its kind, the period, and the GP when there is one. */
export function ContactCard({ contact }: { contact: HealthContact }) {
  // The contact's services page is about messages: not offered where the access policy refuses dialog.
  const dialog = useCapability('thread');
  const { t, locale } = useI18n();
  const from = formatDate(contact.startedAt, locale);
  const period = contact.endsAt ? t('citizen.contacts.period', { from, to: formatDate(contact.endsAt, locale) }) : t('citizen.contacts.since', { date: from });

  return (
    <article className={classNames('hd-card', { 'hd-card--muted': contact.status === 'previous' })}>
      <div className="hd-card__head">
        <Title htmlMarkup="h3" appearance="title4" margin={0}>
          {contact.unit.name}
        </Title>
        <Tag color={contact.status === 'active' ? 'blueberry' : 'neutral'}>{t(`unitKind.${contact.unit.kind}`)}</Tag>
      </div>
      <dl className="hd-facts">
        <div>
          <dt>{t('citizen.contacts.organisation')}</dt>
          <dd>{contact.unit.organisationName}</dd>
        </div>
        {contact.gp && (
          <div>
            <dt>{t('citizen.contacts.gp')}</dt>
            <dd>{contact.gp.name}</dd>
          </div>
        )}
        <div>
          <dt>{t('citizen.contacts.periodLabel')}</dt>
          <dd>{period}</dd>
        </div>
        <div>
          <dt>{t('citizen.contacts.source')}</dt>
          <dd>{t(`contactSource.${contact.source}`)}</dd>
        </div>
      </dl>
      {contact.status === 'active' && dialog?.see !== false && (
        <p className="hd-card__links">
          <Link className="hd-link" to={`/citizen/contacts/${contact.id}`}>
            {t('dialog.contactCard.services')}
            <span className="hd-visually-hidden"> – {contact.unit.name}</span>
          </Link>
        </p>
      )}
    </article>
  );
}
