/**
 * The clinician workspace's inbox (docs/inbox.md). /clinician/units/:unitId is one unit's team
 * inbox, /clinician/inbox the combined inbox of all the person's units (filter per unit). By
 * default what waits for the unit, overdue first then by promised date; or newest activity first;
 * search, filters, per-GP-list view, saved filters, bulk actions, compact rows, keyset paging.
 * On wide screens the open conversation shows beside the list (…/threads/:threadId, the nested
 * route; the list keeps its place, filters and scroll); on narrow screens the list gives way to
 * the conversation. Keyboard: j/k or arrows next/previous, r reply, a assign to me, ? help.
 * While a conversation is open the list holds still (rows update in place; answering one does not
 * move the rows under j/k) until the person refreshes it, changes a filter or goes back to the list.
 */
import { awaitsAnswer, DIALOG_KINDS } from '@helsedialog/core/constants';
import { extendHeld, holdList, type HeldRow } from '@helsedialog/core/held-list';
import type { DialogKind, ThreadStatus, ThreadSummary } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  bulkThreads,
  dialogKeys,
  inboxQuery,
  inboxSort,
  staffActions,
  useInbox,
  useMembers,
  useUnitUnread,
  type InboxFilters,
  type InboxScope,
} from '../api/dialog.ts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMe, useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { StatusTag } from './components.tsx';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useLiveDialog } from './live.ts';
import { SavedFilters } from '../workspace/SavedFilters.tsx';
import { ShortcutHelp } from '../workspace/ShortcutHelp.tsx';
import { useShortcuts } from '../workspace/shortcuts.ts';
import { AssignedNotice } from '../workspace/AssignedNotice.tsx';
import { WorkspaceNavContext } from '../workspace/nav.ts';
import { AnswersSignal } from '../appointments/AnswersSignal.tsx';
import { TopicFilter } from '../rules/parts.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';

const STATUSES: Array<ThreadStatus | 'open'> = ['open', 'new', 'in_progress', 'answered', 'closed'];
const UUID = /^[0-9a-f-]{36}$/i;

/** One unit's team inbox. */
export function InboxPage() {
  return <RequireSession kind="staff">{() => <Inbox />}</RequireSession>;
}

/** The combined inbox of all the person's units. */
export function CombinedInboxPage() {
  return <RequireSession kind="staff">{() => <Inbox combined />}</RequireSession>;
}

function readFilters(sp: URLSearchParams): InboxFilters {
  const status = sp.get('status');
  const kind = sp.get('kind');
  const assigned = sp.get('assigned');
  const gp = sp.get('gp');
  const unit = sp.get('units');
  return {
    ...(status && (STATUSES as string[]).includes(status) ? { status: status as InboxFilters['status'] } : {}),
    ...(kind && (DIALOG_KINDS as readonly string[]).includes(kind) ? { kind: kind as DialogKind } : {}),
    ...(assigned === 'me' || assigned === 'unassigned' ? { assigned } : {}),
    ...(sp.get('overdue') === 'true' ? { overdue: true } : {}),
    ...(sp.get('sort') === 'activity' ? { sort: 'activity' as const } : {}),
    ...(sp.get('q') ? { q: sp.get('q')! } : {}),
    ...(gp && UUID.test(gp) ? { gp } : {}),
    ...(unit && UUID.test(unit) ? { unit } : {}),
    ...(sp.get('topic') ? { topic: sp.get('topic')! } : {}),
  };
}

/** The URL search string of filters (the default sort left out), as the inbox and saved filters use it. */
export function filterSearch(next: InboxFilters, scope: InboxScope): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(inboxQuery(next, scope))) if (v && !(k === 'sort' && v === 'deadline')) p.set(k, v);
  return p.toString();
}

function Inbox({ combined = false }: { combined?: boolean }) {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const location = useLocation();
  // The open conversation is a child route; a parent route's params do not include its child's.
  const threadId = /\/threads\/([0-9a-f-]{36})$/.exec(location.pathname)?.[1];
  const scope: InboxScope = combined ? { combined: true } : { unitId };
  const units = useStaffUnits();
  const unit = units.data?.items.find((u) => u.id === unitId);
  useDocumentTitle(combined ? t('inbox.combined.docTitle') : t('dialog.inbox.docTitle', { unit: unit?.name ?? '' }));
  useLiveDialog('staff');
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const filters = readFilters(sp);
  const [draft, setDraft] = useState<InboxFilters>(filters);
  const inbox = useInbox(scope, filters);
  const gpUnit = combined ? filters.unit : unitId;
  const members = useMembers(gpUnit);
  const unread = useUnitUnread(unitId);
  const myId = useMe().data?.person.id;
  const qc = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const base = combined ? '/clinician/inbox' : `/clinician/units/${unitId}`;
  const fresh = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  // The list holds still while conversations are opened one after another (docs/inbox.md): the
  // rows held when the first was opened keep their order, each with its latest data; a row that
  // left the view stays, marked; new rows wait for "Oppdater listen". A changed filter, sort or
  // search holds the new result; back to the list (no conversation open) shows the latest.
  const listKey = JSON.stringify([combined ? '*' : unitId, inboxQuery(filters, scope)]);
  const [held, setHeld] = useState<{ key: string; items: ThreadSummary[] } | null>(null);
  const settled = !!inbox.data && !inbox.isPlaceholderData;
  useEffect(() => {
    if (!threadId) setHeld((h) => (h ? null : h));
    else if (settled) setHeld((h) => (h?.key === listKey ? h : { key: listKey, items: fresh }));
    // `fresh` is the settled result when the key is new; later results are merged, not re-held.
  }, [threadId, settled, listKey]);
  const holding = held?.key === listKey ? holdList(held.items, fresh) : null;
  const rows: HeldRow<ThreadSummary>[] = holding ? holding.rows : fresh.map((item) => ({ item, gone: false }));
  const items = rows.map((r) => r.item);
  const refreshList = () => setHeld(threadId && settled ? { key: listKey, items: fresh } : null);
  const loadMore = () =>
    void inbox.fetchNextPage().then((r) => {
      const more = r.data?.pages.at(-1)?.items ?? [];
      setHeld((h) => (h?.key === listKey ? { ...h, items: extendHeld(h.items, more) } : h));
    });
  const index = threadId ? items.findIndex((i) => i.id === threadId) : -1;
  const openAt = (i: number) => {
    const th = items[i];
    if (th) void navigate({ pathname: `${base}/threads/${th.id}`, search: location.search });
  };
  // Assign, mark read or close the chosen threads at once; the ones that cannot be (an unanswered
  // e-konsultasjon cannot be closed) stay chosen, and the count of them is said.
  const bulk = useMutation({
    mutationFn: (v: { action: 'assign' | 'close' | 'mark_read'; staffId?: string | null }) => {
      const byUnit = new Map<string, string[]>();
      for (const id of selected) {
        const u = items.find((i) => i.id === id)?.unit.id ?? unitId;
        byUnit.set(u, [...(byUnit.get(u) ?? []), id]);
      }
      return Promise.all([...byUnit].map(([u, threadIds]) => bulkThreads(u, { ...v, threadIds }))).then((r) => ({ results: r.flatMap((x) => x.results) }));
    },
    onSuccess: (res) => {
      setSelected(new Set(res.results.filter((r) => !r.ok).map((r) => r.id)));
      void qc.invalidateQueries({ queryKey: dialogKeys.all });
    },
  });
  const assignMe = useMutation({
    mutationFn: (id: string) => staffActions.assign(id, myId ?? null),
    onSuccess: () => {
      setNotice(t('inbox.assignedToMe'));
      void qc.invalidateQueries({ queryKey: dialogKeys.all });
    },
  });

  useShortcuts((action) => {
    if (action === 'help') return setHelp((h) => !h);
    if (action === 'next') return openAt(index < 0 ? 0 : Math.min(index + 1, items.length - 1));
    if (action === 'previous') return openAt(index <= 0 ? 0 : index - 1);
    if (action === 'reply') return document.getElementById('staff-reply-text')?.focus();
    if (action === 'assignMe' && threadId) assignMe.mutate(threadId);
  });
  // The open row stays in view in the list (its own scroll area on wide screens).
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (threadId) listRef.current?.querySelector(`[data-thread="${threadId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [threadId]);

  const apply = (next: InboxFilters) => {
    setDraft(next);
    setSp(new URLSearchParams(filterSearch(next, scope)), { replace: true });
  };
  const doctors = (members.data?.items ?? []).filter((m) => m.role === 'doctor');

  return (
    <div className={classNames('hd-workspace', { 'hd-workspace--open': !!threadId })}>
      <div className="hd-workspace__list">
        <div className="hd-workspace__head">
          <Title htmlMarkup="h1" appearance="title3" margin={0}>
            {combined ? t('inbox.combined.title') : t('dialog.inbox.title')}
            {!combined && unit && <span className="hd-workspace__unit"> – {unit.name}</span>}
          </Title>
          {!combined && <AnswersSignal unitId={unitId} />}
          {!combined && unread.data && unread.data.unread > 0 && (
            <p role="status" className="hd-muted hd-workspace__count">
              {unread.data.capped
                ? t('dialog.inbox.unreadTotalMore', { count: unread.data.unread })
                : unread.data.unread === 1
                  ? t('dialog.inbox.unreadTotalOne')
                  : t('dialog.inbox.unreadTotal', { count: unread.data.unread })}
            </p>
          )}
          <div className="hd-workspace__links">
            {!combined && (
              <>
                <Link className="hd-link" to={`/clinician/units/${unitId}/new`}>
                  {t('dialog.inbox.new')}
                </Link>
                <Link className="hd-link" to={`/clinician/units/${unitId}/templates`}>
                  {t('inbox.templates.link')}
                </Link>
                <Link className="hd-link" to={`/clinician/units/${unitId}/services`}>
                  {t('dialog.inbox.services')}
                </Link>
              </>
            )}
            {combined ? (
              <Link className="hd-link" to="/clinician">
                {t('inbox.toStart')}
              </Link>
            ) : (
              <Link className="hd-link" to="/clinician/inbox">
                {t('inbox.combined.link')}
              </Link>
            )}
            <Button variant="borderless" onClick={() => setHelp((h) => !h)} aria-expanded={help} aria-controls="shortcut-help">
              {t('inbox.shortcuts.button')}
            </Button>
          </div>
        </div>
        {help && <ShortcutHelp onClose={() => setHelp(false)} />}
        <AssignedNotice />
        <form
          className="hd-filters hd-filters--compact"
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
          {combined && (
            <Select
              selectId="f-unit"
              errorWrapperClassName="hd-filters__wide"
              label={t('inbox.filter.unit')}
              value={draft.unit ?? ''}
              onChange={(e) => apply({ ...draft, unit: e.target.value || undefined, gp: undefined })}
            >
              <option value="">{t('inbox.filter.allUnits')}</option>
              {units.data?.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          )}
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
          {gpUnit && doctors.length > 0 && (
            <Select selectId="f-gp" label={t('inbox.filter.gp')} value={draft.gp ?? ''} onChange={(e) => apply({ ...draft, gp: e.target.value || undefined })}>
              <option value="">{t('inbox.filter.allGps')}</option>
              {doctors.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </Select>
          )}
          {!combined && <TopicFilter unitId={unitId} value={draft.topic} onChange={(topic) => apply({ ...draft, topic })} />}
          <div className="hd-filters__check">
            <Checkbox
              inputId="f-overdue"
              label={t('dialog.inbox.overdue')}
              checked={!!draft.overdue}
              onChange={(e) => apply({ ...draft, overdue: e.target.checked || undefined })}
            />
          </div>
        </form>
        <SavedFilters current={filterSearch(filters, scope)} onApply={(query) => apply(readFilters(new URLSearchParams(query)))} />
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
        {notice && (
          <p role="status" className="hd-visually-hidden">
            {notice}
          </p>
        )}
        <ProblemNotice error={assignMe.error} />
        {holding && holding.waiting > 0 && (
          <div className="hd-held">
            <p role="status" className="hd-held__text">
              {t('inbox.held.waiting', { count: holding.waiting })}
            </p>
            <Button variant="borderless" onClick={refreshList}>
              {t('inbox.held.refresh')}
            </Button>
          </div>
        )}
        <section aria-labelledby="inbox-list" className="hd-workspace__rows">
          <h2 id="inbox-list" className="hd-visually-hidden">
            {t('dialog.inbox.list')}
          </h2>
          {inbox.isPending ? (
            <PageLoader />
          ) : inbox.isError ? (
            <ErrorPanel error={inbox.error} onRetry={() => void inbox.refetch()} />
          ) : items.length === 0 ? (
            <div className="hd-empty">
              <p className="hd-empty__title">{t('dialog.inbox.empty')}</p>
            </div>
          ) : (
            <>
              <ul className="hd-threads hd-threads--compact" ref={listRef}>
                {rows.map(({ item: th, gone }) => (
                  <InboxRow
                    key={th.id}
                    thread={th}
                    gone={gone}
                    to={{ pathname: `${base}/threads/${th.id}`, search: location.search }}
                    open={th.id === threadId}
                    showUnit={combined}
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
                <Button variant="outline" onClick={loadMore} disabled={inbox.isFetchingNextPage}>
                  {inbox.isFetchingNextPage ? t('dialog.loadingMore') : t('dialog.more')}
                </Button>
              )}
            </>
          )}
        </section>
      </div>
      {threadId && (
        <div className="hd-workspace__pane">
          <WorkspaceNavContext.Provider
            value={{
              listTo: { pathname: base, search: location.search },
              position: index >= 0 ? { index, total: items.length } : null,
              previous: index > 0 ? () => openAt(index - 1) : null,
              next: index >= 0 && index < items.length - 1 ? () => openAt(index + 1) : null,
            }}
          >
            <Outlet />
          </WorkspaceNavContext.Provider>
        </div>
      )}
    </div>
  );
}

function InboxRow({
  thread: th,
  gone,
  to,
  open,
  showUnit,
  selected,
  onSelect,
}: {
  thread: ThreadSummary;
  /** Held in place while the list holds still, but no longer in the view's latest result (its data is as last seen). */
  gone: boolean;
  to: { pathname: string; search: string };
  open: boolean;
  showUnit: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <li
      data-thread={th.id}
      className={classNames('hd-thread-row', 'hd-thread-row--compact', {
        'hd-thread-row--unread': th.unread > 0 && !gone,
        'hd-thread-row--overdue': th.overdue && !gone,
        'hd-thread-row--open': open,
        'hd-thread-row--gone': gone,
      })}
    >
      <input
        type="checkbox"
        className="hd-thread-row__select"
        id={`sel-${th.id}`}
        aria-label={t('dialog.inbox.select', { topic: th.topic })}
        checked={selected}
        onChange={(e) => onSelect(e.target.checked)}
      />
      <div className="hd-thread-row__body">
        <div className="hd-thread-row__top">
          <Link className="hd-link hd-thread-row__topic" to={to} aria-current={open ? 'true' : undefined}>
            {th.topic}
            {th.unread > 0 && !gone && <span className="hd-visually-hidden"> ({t('dialog.messages.unread')})</span>}
          </Link>
          {th.unread > 0 && !gone && (
            <span className="hd-unread-badge" aria-hidden="true">
              {t('dialog.messages.unreadCount', { count: th.unread })}
            </span>
          )}
          {gone ? (
            <span className="hd-thread-row__gone">{t('inbox.held.gone')}</span>
          ) : (
            <>
              <StatusTag status={th.status} />
              {th.overdue && <span className="hd-overdue">{t('dialog.thread.overdue')}</span>}
            </>
          )}
          {!gone && th.journal && <Tag color={th.journal === 'problem' ? 'cherry' : 'neutral'}>{t(`journal.inbox.${th.journal}`)}</Tag>}
        </div>
        <p className="hd-thread-row__meta">
          {th.citizen && (
            <span>
              <strong>{th.citizen.name}</strong> {t('dialog.inbox.born', { date: formatDate(th.citizen.birthDate, locale, 'medium') })}
            </span>
          )}
          {showUnit && <span>{th.unit.name}</span>}
          <span>{t(`dialog.kind.${th.kind}`)}</span>
          {gone ? null : th.dueAt && awaitsAnswer(th.status) ? (
            <span className={th.overdue ? 'hd-overdue' : undefined}>{t('dialog.inbox.due', { date: formatDateTime(th.dueAt, locale) })}</span>
          ) : (
            <span>{t('dialog.inbox.last', { date: formatDateTime(th.lastMessageAt, locale) })}</span>
          )}
          {!gone && <span>{th.assignedTo ? t('dialog.inbox.assignedTo', { name: th.assignedTo.name }) : t('dialog.inbox.unassigned')}</span>}
          {th.addressedRole && <span>{t('dialog.inbox.addressedRole', { role: t(`log.role.${th.addressedRole as 'doctor'}`) })}</span>}
        </p>
      </div>
    </li>
  );
}
