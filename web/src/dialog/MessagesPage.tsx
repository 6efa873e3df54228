/**
 * /citizen/messages — the citizen's conversations, newest first, unread marked; a search over
 * them (server-side, within what the representation may see) and the archived ones (?view=archived).
 */
import type { ThreadSummary } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import Input from '@helsenorge/designsystem-react/components/Input';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCitizenThreadView } from '../rules/api.ts';
import { useCitizenThreads } from '../api/dialog.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { StatusTag } from './components.tsx';
import { useLiveDialog } from './live.ts';
import { formatDateTime } from '../lib/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';

export function MessagesPage() {
  const { t } = useI18n();
  useDocumentTitle(t('dialog.messages.docTitle'));
  return <RequireSession kind="citizen">{() => <Messages />}</RequireSession>;
}

function Messages() {
  const { t } = useI18n();
  useLiveDialog('citizen');
  const [sp, setSp] = useSearchParams();
  const q = sp.get('q')?.trim() ?? '';
  const view = sp.get('view') === 'archived' ? 'archived' : 'inbox';
  const [draft, setDraft] = useState(q);
  const filtered = !!q || view === 'archived';
  const show = (next: { q?: string; view?: 'archived' }) => {
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.view) p.set('view', next.view);
    setSp(p, { replace: true });
  };
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.messages.title')}
      </Title>
      <p className="hd-lead">{t('dialog.messages.lead')}</p>
      <div className="hd-citizen-views">
        <form
          role="search"
          className="hd-search"
          onSubmit={(e) => {
            e.preventDefault();
            show(draft.trim() ? { q: draft.trim() } : {});
          }}
        >
          <Input inputId="messages-q" type="search" label={t('rules.messages.search')} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <Button type="submit" variant="outline">
            {t('rules.messages.searchButton')}
          </Button>
        </form>
        <nav aria-label={t('dialog.messages.title')} className="hd-actions">
          {view === 'archived' || q ? (
            <Button
              variant="borderless"
              onClick={() => {
                setDraft('');
                show({});
              }}
            >
              {q ? t('rules.messages.clear') : t('rules.messages.inbox')}
            </Button>
          ) : (
            <Button variant="borderless" onClick={() => show({ view: 'archived' })}>
              {t('rules.messages.archived')}
            </Button>
          )}
        </nav>
      </div>
      {filtered ? <FilteredThreads q={q} view={view} /> : <AllThreads />}
    </>
  );
}

/** A search, or the archive: the first 50 hits. */
function FilteredThreads({ q, view }: { q: string; view: 'inbox' | 'archived' }) {
  const { t } = useI18n();
  const threads = useCitizenThreadView(view, q, true);
  if (threads.isPending) return <PageLoader />;
  if (threads.isError) return <ErrorPanel error={threads.error} onRetry={() => void threads.refetch()} />;
  if (threads.data.items.length === 0) return <p className="hd-empty__title">{q ? t('rules.messages.noHits', { q }) : t('rules.messages.archivedEmpty')}</p>;
  return (
    <>
      {view === 'archived' && !q && (
        <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('rules.messages.archived')}
        </Title>
      )}
      <ul className="hd-threads">
        {threads.data.items.map((th) => (
          <CitizenThreadRow key={th.id} thread={th} />
        ))}
      </ul>
    </>
  );
}

function AllThreads() {
  const { t } = useI18n();
  const threads = useCitizenThreads();
  return (
    <>
      {threads.isPending ? (
        <PageLoader />
      ) : !threads.data ? (
        // No page yet (a later page's error keeps the list and shows under it: LoadMore).
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
          <LoadMore query={threads} label={t('dialog.more')} loadingLabel={t('dialog.loadingMore')} />
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
        {th.archived && <Tag color="neutral">{t('rules.messages.archivedTag')}</Tag>}
      </div>
      <p className="hd-thread-row__meta">
        <span>{th.unit.name}</span>
        <span>{t(`dialog.kind.${th.kind}`)}</span>
        <span>{t('dialog.messages.last', { date: formatDateTime(th.lastMessageAt, locale) })}</span>
      </p>
    </li>
  );
}
