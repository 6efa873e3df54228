/** /citizen/messages — the citizen's conversations, newest first, unread marked. */
import type { ThreadSummary } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { Link } from 'react-router';
import { useCitizenThreads } from '../api/dialog.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { StatusTag } from './components.tsx';
import { formatDateTime } from './format.ts';
import { useLiveDialog } from './live.ts';

export function MessagesPage() {
  const { t } = useI18n();
  useDocumentTitle(t('dialog.messages.docTitle'));
  return <RequireSession kind="citizen">{() => <Messages />}</RequireSession>;
}

function Messages() {
  const { t } = useI18n();
  useLiveDialog('citizen');
  const threads = useCitizenThreads();
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.messages.title')}
      </Title>
      <p className="hd-lead">{t('dialog.messages.lead')}</p>
      {threads.isPending ? (
        <PageLoader />
      ) : threads.isError ? (
        <ErrorPanel error={threads.error} onRetry={() => void threads.refetch()} />
      ) : threads.data.pages[0]?.items.length === 0 ? (
        <div className="hd-empty">
          <p className="hd-empty__title">{t('dialog.messages.empty')}</p>
          <p>
            <Link className="hd-link" to="/citizen">
              {t('dialog.messages.newHint')}
            </Link>
          </p>
        </div>
      ) : (
        <>
          <ul className="hd-threads">
            {threads.data.pages
              .flatMap((p) => p.items)
              .map((th) => (
                <CitizenThreadRow key={th.id} thread={th} />
              ))}
          </ul>
          {threads.hasNextPage && (
            <Button variant="outline" onClick={() => void threads.fetchNextPage()} disabled={threads.isFetchingNextPage}>
              {threads.isFetchingNextPage ? t('dialog.loadingMore') : t('dialog.more')}
            </Button>
          )}
        </>
      )}
    </>
  );
}

function CitizenThreadRow({ thread: th }: { thread: ThreadSummary }) {
  const { t, locale } = useI18n();
  return (
    <li className={classNames('hd-thread-row', { 'hd-thread-row--unread': th.unread > 0 })}>
      <div className="hd-thread-row__top">
        <Link className="hd-link hd-thread-row__topic" to={`/citizen/messages/${th.id}`}>
          {th.topic}
          {th.unread > 0 && <span className="hd-visually-hidden"> ({t('dialog.messages.unread')})</span>}
        </Link>
        {th.unread > 0 && (
          <span className="hd-unread-badge" aria-hidden="true">
            {t('dialog.messages.unreadCount', { count: th.unread })}
          </span>
        )}
        <StatusTag status={th.status} />
      </div>
      <p className="hd-thread-row__meta">
        <span>{th.unit.name}</span>
        <span>{t(`dialog.kind.${th.kind}`)}</span>
        <span>{t('dialog.messages.last', { date: formatDateTime(th.lastMessageAt, locale) })}</span>
      </p>
    </li>
  );
}
