/**
 * /clinician/units/:unitId — the unit's team inbox: by default what waits for the unit, overdue
 * first then by promised date; or newest activity first; search, filters, unread and overdue
 * marked, keyset paging.
 */
import { awaitsAnswer, DIALOG_KINDS } from '@helsedialog/core/constants';
import type { DialogKind, ThreadStatus, ThreadSummary } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { bulkThreads, dialogKeys, inboxSort, useInbox, useUnitUnread, type InboxFilters } from '../api/dialog.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMe, useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { BackLink, ProblemNotice, StatusTag } from './components.tsx';
import { formatDateTime, formatDay } from './format.ts';
import { useLiveDialog } from './live.ts';

const STATUSES: Array<ThreadStatus | 'open'> = ['open', 'new', 'in_progress', 'answered', 'closed'];

export function InboxPage() {
  return <RequireSession kind="staff">{() => <Inbox />}</RequireSession>;
}

function readFilters(sp: URLSearchParams): InboxFilters {
  const status = sp.get('status');
  const kind = sp.get('kind');
  const assigned = sp.get('assigned');
  return {
    ...(status && (STATUSES as string[]).includes(status) ? { status: status as InboxFilters['status'] } : {}),
    ...(kind && (DIALOG_KINDS as readonly string[]).includes(kind) ? { kind: kind as DialogKind } : {}),
    ...(assigned === 'me' || assigned === 'unassigned' ? { assigned } : {}),
    ...(sp.get('overdue') === 'true' ? { overdue: true } : {}),
    ...(sp.get('sort') === 'activity' ? { sort: 'activity' as const } : {}),
    ...(sp.get('q') ? { q: sp.get('q')! } : {}),
  };
}

function Inbox() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const unit = units.data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('dialog.inbox.docTitle', { unit: unit?.name ?? '' }));
  useLiveDialog('staff');
  const [sp, setSp] = useSearchParams();
  const filters = readFilters(sp);
  const [draft, setDraft] = useState<InboxFilters>(filters);
  const inbox = useInbox(unitId, filters);
  const unread = useUnitUnread(unitId);
  const myId = useMe().data?.person.id;
  const qc = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Assign, mark read or close the chosen threads at once; the ones that cannot be (an unanswered
  // e-konsultasjon cannot be closed) stay chosen, and the count of them is said.
  const bulk = useMutation({
    mutationFn: (v: { action: 'assign' | 'close' | 'mark_read'; staffId?: string | null }) => bulkThreads(unitId, { ...v, threadIds: [...selected] }),
    onSuccess: (res) => {
      setSelected(new Set(res.results.filter((r) => !r.ok).map((r) => r.id)));
      void qc.invalidateQueries({ queryKey: dialogKeys.all });
    },
  });

  const apply = (next: InboxFilters) => {
    setDraft(next);
    const p = new URLSearchParams();
    if (next.status) p.set('status', next.status);
    if (next.kind) p.set('kind', next.kind);
    if (next.assigned) p.set('assigned', next.assigned);
    if (next.overdue) p.set('overdue', 'true');
    if (next.sort === 'activity') p.set('sort', 'activity');
    if (next.q?.trim()) p.set('q', next.q.trim());
    setSp(p, { replace: true });
  };

  return (
    <>
      <BackLink to="/clinician">{t('dialog.inbox.back')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.inbox.title')}
      </Title>
      <div className="hd-actions">
        <Link className="hd-link" to={`/clinician/units/${unitId}/new`}>
          {t('dialog.inbox.new')}
        </Link>
        <Link className="hd-link" to={`/clinician/units/${unitId}/services`}>
          {t('dialog.inbox.services')}
        </Link>
      </div>
      {unread.data && unread.data.unread > 0 && (
        <p role="status">
          {unread.data.capped
            ? t('dialog.inbox.unreadTotalMore', { count: unread.data.unread })
            : unread.data.unread === 1
              ? t('dialog.inbox.unreadTotalOne')
              : t('dialog.inbox.unreadTotal', { count: unread.data.unread })}
        </p>
      )}
      <form
        className="hd-filters"
        aria-label={t('dialog.inbox.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <div className="hd-search">
          <Input
            inputId="f-q"
            type="search"
            label={t('dialog.inbox.search')}
            value={draft.q ?? ''}
            onChange={(e) => setDraft({ ...draft, q: e.target.value || undefined })}
          />
          <Button type="submit" variant="outline">
            {t('dialog.inbox.searchButton')}
          </Button>
        </div>
        <Select
          selectId="f-sort"
          label={t('dialog.inbox.sort')}
          value={inboxSort(draft)}
          onChange={(e) => apply({ ...draft, sort: e.target.value === 'activity' ? 'activity' : undefined })}
        >
          <option value="deadline">{t('dialog.inbox.sort.deadline')}</option>
          <option value="activity">{t('dialog.inbox.sort.activity')}</option>
        </Select>
        <Select
          selectId="f-status"
          label={t('dialog.inbox.status')}
          value={draft.status ?? ''}
          onChange={(e) => apply({ ...draft, status: (e.target.value || undefined) as InboxFilters['status'] })}
        >
          <option value="">{t('dialog.inbox.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === 'open' ? t('dialog.inbox.status.open') : t(`dialog.status.${s}`)}
            </option>
          ))}
        </Select>
        <Select
          selectId="f-kind"
          label={t('dialog.inbox.kind')}
          value={draft.kind ?? ''}
          onChange={(e) => apply({ ...draft, kind: (e.target.value || undefined) as DialogKind | undefined })}
        >
          <option value="">{t('dialog.inbox.all')}</option>
          {DIALOG_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`dialog.kind.${k}`)}
            </option>
          ))}
        </Select>
        <Select
          selectId="f-assigned"
          label={t('dialog.inbox.assigned')}
          value={draft.assigned ?? ''}
          onChange={(e) => apply({ ...draft, assigned: (e.target.value || undefined) as InboxFilters['assigned'] })}
        >
          <option value="">{t('dialog.inbox.all')}</option>
          <option value="me">{t('dialog.inbox.assigned.me')}</option>
          <option value="unassigned">{t('dialog.inbox.assigned.unassigned')}</option>
        </Select>
        <Checkbox
          inputId="f-overdue"
          label={t('dialog.inbox.overdue')}
          checked={!!draft.overdue}
          onChange={(e) => apply({ ...draft, overdue: e.target.checked || undefined })}
        />
      </form>
      {selected.size > 0 && (
        <div className="hd-bulk" role="group" aria-label={t('dialog.inbox.bulk', { count: selected.size })}>
          <p className="hd-bulk__count">{t('dialog.inbox.bulk', { count: selected.size })}</p>
          <Button variant="outline" disabled={bulk.isPending} onClick={() => bulk.mutate({ action: 'assign', staffId: myId ?? null })}>
            {t('dialog.inbox.bulk.assignMe')}
          </Button>
          <Button variant="outline" disabled={bulk.isPending} onClick={() => bulk.mutate({ action: 'mark_read' })}>
            {t('dialog.inbox.bulk.read')}
          </Button>
          <Button variant="outline" disabled={bulk.isPending} onClick={() => bulk.mutate({ action: 'close' })}>
            {t('dialog.inbox.bulk.close')}
          </Button>
          {bulk.data && bulk.data.results.some((r) => !r.ok) && (
            <p role="status">{t('dialog.inbox.bulk.some', { count: bulk.data.results.filter((r) => !r.ok).length })}</p>
          )}
          <ProblemNotice error={bulk.error} />
        </div>
      )}
      <section aria-labelledby="inbox-list">
        <h2 id="inbox-list" className="hd-visually-hidden">
          {t('dialog.inbox.list')}
        </h2>
        {inbox.isPending ? (
          <PageLoader />
        ) : inbox.isError ? (
          <ErrorPanel error={inbox.error} onRetry={() => void inbox.refetch()} />
        ) : inbox.data.pages[0]?.items.length === 0 ? (
          <div className="hd-empty">
            <p className="hd-empty__title">{t('dialog.inbox.empty')}</p>
          </div>
        ) : (
          <>
            <ul className="hd-threads">
              {inbox.data.pages
                .flatMap((p) => p.items)
                .map((th) => (
                  <InboxRow
                    key={th.id}
                    thread={th}
                    selected={selected.has(th.id)}
                    onSelect={(on) =>
                      setSelected((prev) => {
                        const next = new Set(prev);
                        if (on) next.add(th.id);
                        else next.delete(th.id);
                        return next;
                      })
                    }
                  />
                ))}
            </ul>
            {inbox.hasNextPage && (
              <Button variant="outline" onClick={() => void inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage}>
                {inbox.isFetchingNextPage ? t('dialog.loadingMore') : t('dialog.more')}
              </Button>
            )}
          </>
        )}
      </section>
    </>
  );
}

function InboxRow({ thread: th, selected, onSelect }: { thread: ThreadSummary; selected: boolean; onSelect: (on: boolean) => void }) {
  const { t, locale } = useI18n();
  return (
    <li className={classNames('hd-thread-row', { 'hd-thread-row--unread': th.unread > 0, 'hd-thread-row--overdue': th.overdue })}>
      <div className="hd-thread-row__top">
        <input
          type="checkbox"
          className="hd-thread-row__select"
          id={`sel-${th.id}`}
          aria-label={t('dialog.inbox.select', { topic: th.topic })}
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
        />
        <Link className="hd-link hd-thread-row__topic" to={`/clinician/threads/${th.id}`}>
          {th.topic}
          {th.unread > 0 && <span className="hd-visually-hidden"> ({t('dialog.messages.unread')})</span>}
        </Link>
        {th.unread > 0 && (
          <span className="hd-unread-badge" aria-hidden="true">
            {t('dialog.messages.unreadCount', { count: th.unread })}
          </span>
        )}
        <StatusTag status={th.status} />
        {th.overdue && <span className="hd-overdue">{t('dialog.thread.overdue')}</span>}
        {th.journal && <Tag color={th.journal === 'problem' ? 'cherry' : 'neutral'}>{t(`journal.inbox.${th.journal}`)}</Tag>}
      </div>
      <p className="hd-thread-row__meta">
        {th.citizen && (
          <span>
            <strong>{th.citizen.name}</strong> {t('dialog.inbox.born', { date: formatDay(th.citizen.birthDate, locale) })}
          </span>
        )}
        <span>{t(`dialog.kind.${th.kind}`)}</span>
        <span>{t('dialog.inbox.last', { date: formatDateTime(th.lastMessageAt, locale) })}</span>
        {th.dueAt && awaitsAnswer(th.status) && (
          <span className={th.overdue ? 'hd-overdue' : undefined}>{t('dialog.inbox.due', { date: formatDateTime(th.dueAt, locale) })}</span>
        )}
        <span>{th.assignedTo ? t('dialog.inbox.assignedTo', { name: th.assignedTo.name }) : t('dialog.inbox.unassigned')}</span>
        {th.addressedRole && <span>{t('dialog.inbox.addressedRole', { role: t(`log.role.${th.addressedRole as 'doctor'}`) })}</span>}
      </p>
    </li>
  );
}
