/** /citizen/letters/:letterId — one letter: its text, or its PDF to download. Opening it marks it read. */
import Title from '@helsenorge/designsystem-react/components/Title';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { letterKeys, useCitizenLetter } from './api.ts';
import './letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formatDateTime, formatSize } from '../lib/format.ts';

export function CitizenLetterPage() {
  return <RequireSession kind="citizen">{() => <Letter />}</RequireSession>;
}

function Letter() {
  const { t, locale } = useI18n();
  const { letterId = '' } = useParams();
  const letter = useCitizenLetter(letterId);
  const qc = useQueryClient();
  useDocumentTitle(t('letters.letter.docTitle', { title: letter.data?.title ?? '' }));
  const read = !!letter.data;
  useEffect(() => {
    // The list's unread count changed when the letter was opened.
    if (read) void qc.invalidateQueries({ queryKey: letterKeys.citizen, exact: true });
  }, [read, qc]);

  const back = <BackLink to="/citizen/letters">{t('letters.back.list')}</BackLink>;
  if (letter.isPending) return <PageLoader />;
  if (letter.isError)
    return (
      <>
        {back}
        <ErrorPanel error={letter.error} headingLevel="h1" onRetry={() => void letter.refetch()} />
      </>
    );
  const l = letter.data;
  return (
    <>
      {back}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {l.title}
      </Title>
      <dl className="hd-facts">
        <div>
          <dt>{t('letters.from')}</dt>
          <dd>{l.unit.name}</dd>
        </div>
        <div>
          <dt>{t('letters.sent')}</dt>
          <dd>{formatDateTime(l.sentAt, locale, 'long')}</dd>
        </div>
      </dl>
      <article className="hd-letter" aria-label={l.title}>
        {l.body && <div className="hd-letter__body">{l.body}</div>}
        {l.pdf && (
          <p>
            {t('letters.pdf.intro')}{' '}
            <a className="hd-link" href={`/api/citizen/letters/${l.id}/pdf`} download={l.pdf.filename}>
              {t('letters.pdf.download', { size: formatSize(l.pdf.sizeBytes, locale) })}
            </a>
          </p>
        )}
      </article>
    </>
  );
}
