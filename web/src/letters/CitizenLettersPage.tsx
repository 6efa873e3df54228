/** /citizen/letters — the citizen's letters (or those of the person acted for), newest first. */
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { Link } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useCitizenLetters } from './api.ts';
import { ReadTag } from './parts.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { formatDateTime } from '../lib/format.ts';

export function CitizenLettersPage() {
  return <RequireSession kind="citizen">{() => <Letters />}</RequireSession>;
}

function Letters() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('letters.docTitle'));
  const letters = useCitizenLetters();
  return (
    <>
      <BackLink to="/citizen">{t('letters.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('letters.title')}
      </Title>
      <p className="hd-lead">{t('letters.intro')}</p>
      {letters.isPending ? (
        <PageLoader />
      ) : letters.isError ? (
        <ErrorPanel error={letters.error} onRetry={() => void letters.refetch()} />
      ) : letters.data.items.length === 0 ? (
        <p className="hd-empty">{t('letters.empty')}</p>
      ) : (
        <>
          {letters.data.unread > 0 && (
            <p role="status">{letters.data.unread === 1 ? t('letters.unreadOne') : t('letters.unreadCount', { count: letters.data.unread })}</p>
          )}
          <ul className="hd-letters" aria-label={t('letters.title')}>
            {letters.data.items.map((l) => (
              <li key={l.id} className={classNames('hd-letters__item', { 'hd-letters__item--unread': !l.readAt })}>
                <Link className="hd-link hd-letters__title" to={`/citizen/letters/${l.id}`}>
                  {l.title}
                  {!l.readAt && <span className="hd-visually-hidden"> ({t('letters.unread')})</span>}
                </Link>
                <ReadTag readAt={l.readAt} />
                <p className="hd-letters__meta">{t('letters.fromOn', { unit: l.unit.name, date: formatDateTime(l.sentAt, locale, 'long') })}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link className="hd-link" to="/citizen/notifications">
          {t('letters.toSettings')}
        </Link>
      </p>
    </>
  );
}
