/**
 * /dev/mailbox — the development mailbox: every SMS and e-mail the platform would have sent,
 * when no SMTP server or SMS gateway is configured. Only outside production.
 */
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Fragment } from 'react';
import { ApiError } from '../api/client.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import '../letters/letters.scss';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useDevMailbox } from './api.ts';
import { formatDateTime } from '../lib/format.ts';

/** Text with its http(s) links made clickable. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} className="hd-link" href={p}>
            {p}
          </a>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

export function DevMailboxPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('mailbox.docTitle'));
  const box = useDevMailbox();
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('mailbox.title')}
      </Title>
      <p className="hd-lead">{t('mailbox.intro')}</p>
      {box.isPending ? (
        <PageLoader />
      ) : box.isError ? (
        box.error instanceof ApiError && box.error.status === 404 ? (
          <p>{t('mailbox.unavailable')}</p>
        ) : (
          <ErrorPanel error={box.error} onRetry={() => void box.refetch()} />
        )
      ) : box.data.items.length === 0 ? (
        <p className="hd-empty">{t('mailbox.empty')}</p>
      ) : (
        <ol className="hd-mailbox" aria-label={t('mailbox.title')}>
          {box.data.items.map((m) => (
            <li key={m.id} className="hd-mailbox__item" data-channel={m.channel}>
              <p className="hd-mailbox__head">
                <Tag color={m.channel === 'sms' ? 'kiwi' : 'blueberry'}>{m.channel === 'sms' ? t('mailbox.sms') : t('mailbox.email')}</Tag>
                <strong>{t('mailbox.to', { to: m.to })}</strong>
                <span className="hd-muted">{formatDateTime(m.createdAt, locale, 'long')}</span>
              </p>
              {m.subject && <p className="hd-mailbox__head">{t('mailbox.subject', { subject: m.subject })}</p>}
              <p className="hd-mailbox__body">
                <Linked text={m.body} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
