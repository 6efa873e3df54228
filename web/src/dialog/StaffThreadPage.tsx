/**
 * /clinician/threads/:threadId — case handling: the conversation, reply or "svar og lukk",
 * internal notes, assignment, reclassification, closing, renewal decisions and billing.
 * The page lays out the thread; each panel lives in staff-thread/ with its own state.
 */
import { ThreadFormAnswers } from '../forms/ThreadFormAnswers.tsx';
import { awaitsAnswer } from '@helsedialog/core';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useThreadJournal } from '../journal/api.ts';
import { JournalStatusLine } from '../journal/JournalStatus.tsx';
import { useStaffThread } from '../api/dialog.ts';
import { useMe } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
// In the order the page imported them before it was split, so the stylesheets keep their order.
import { PatientAccess } from './staff-thread/PatientAccess.tsx';
import { DeliveryLine } from '../campaigns/parts.tsx';
import { MessageList, RenewalView, StatusTag } from './components.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { ThreadEscalations } from '../rules/parts.tsx';
import { useLiveDialog } from './live.ts';
import { ContextPanel } from '../workspace/ContextPanel.tsx';
import { PresenceLine } from '../workspace/PresenceLine.tsx';
import { useAnnouncePresence } from '../workspace/presence.ts';
import { useWorkspaceNav } from '../workspace/nav.ts';
import { Handling } from './staff-thread/Handling.tsx';
import { Notes } from './staff-thread/Notes.tsx';
import { PaneNav } from './staff-thread/PaneNav.tsx';
import { RenewalForm } from './staff-thread/RenewalForm.tsx';
import { StaffReply } from './staff-thread/StaffReply.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function StaffThreadPage() {
  return <RequireSession kind="staff">{() => <StaffThread />}</RequireSession>;
}

/** The conversation beside the inbox list (the inbox's nested route …/threads/:threadId). */
export function StaffThreadPane() {
  const { threadId = '' } = useParams();
  // A new conversation is a new pane: nothing typed in one carries over to the next.
  return <StaffThread key={threadId} />;
}

function StaffThread() {
  const { t, locale, language } = useI18n();
  const { threadId = '' } = useParams();
  const embedded = !!useWorkspaceNav();
  const myId = useMe().data?.person.id;
  const [writing, setWriting] = useState(false);
  useAnnouncePresence(threadId, writing);
  useLiveDialog('staff');
  const thread = useStaffThread(threadId);
  const journal = useThreadJournal(threadId, thread.data?.messages.length ?? 0);
  useDocumentTitle(t('dialog.staff.docTitle', { topic: thread.data?.topic ?? '' }));

  if (thread.isPending) return <PageLoader />;
  if (thread.isError)
    return (
      <>
        <PaneNav />
        <ErrorPanel
          error={thread.error}
          headingLevel={embedded ? 'h2' : 'h1'}
          onRetry={() => void thread.refetch()}
          back={{ to: '/clinician', label: t('dialog.inbox.back') }}
        />
      </>
    );
  const d = thread.data;
  const pendingRenewal = d.renewal?.items.some((i) => i.decision === 'pending');
  return (
    <>
      {embedded ? <PaneNav /> : <BackLink to={`/clinician/units/${d.unit.id}`}>{t('dialog.staff.back')}</BackLink>}
      <p className="hd-greeting">{d.unit.name}</p>
      <div className="hd-title-row">
        <Title htmlMarkup={embedded ? 'h2' : 'h1'} appearance="title2" margin={0}>
          {d.topic}
        </Title>
        <StatusTag status={d.status} />
        {d.overdue && <span className="hd-overdue">{t('dialog.thread.overdue')}</span>}
      </div>
      <ul className="hd-facts-inline">
        {d.citizen && (
          <li>
            {t('dialog.staff.patient')}: <strong>{d.citizen.name}</strong> {t('dialog.inbox.born', { date: formatDate(d.citizen.birthDate, locale, 'medium') })}
          </li>
        )}
        <li>{t(`dialog.kind.${d.kind}`)}</li>
        <li>{t('dialog.thread.started', { date: formatDateTime(d.createdAt, locale) })}</li>
        {d.dueAt && awaitsAnswer(d.status) && (
          <li className={d.overdue ? 'hd-overdue' : undefined}>{t('dialog.thread.due', { date: formatDateTime(d.dueAt, locale) })}</li>
        )}
        {d.assignedTo && <li>{t('dialog.inbox.assignedTo', { name: d.assignedTo.name })}</li>}
        {d.addressedRole && <li>{t('dialog.inbox.addressedRole', { role: t(`log.role.${d.addressedRole as 'doctor'}`) })}</li>}
        <li>
          <a className="hd-link" href={`/api/staff/threads/${d.id}/pdf?lang=${language}`}>
            {t('dialog.thread.pdf')}
          </a>
        </li>
      </ul>
      <ThreadEscalations detail={d} />
      <ThreadFormAnswers who="staff" threadId={d.id} />
      <PresenceLine threadId={d.id} unitId={d.unit.id} myId={myId} />
      {d.conversion?.state === 'pending' && (
        <div className="hd-field">
          <NotificationPanel variant="info">
            <p className="hd-panel-text">{t('dialog.conv.pendingStaff')}</p>
          </NotificationPanel>
        </div>
      )}
      {d.conversion?.state === 'accepted' && <p>{t('dialog.conv.acceptedStaff')}</p>}
      {d.conversion?.state === 'declined' && <p>{t('dialog.conv.declinedStaff')}</p>}
      <div className="hd-thread-layout hd-thread-layout--workspace">
        <div>
          {d.renewal && <RenewalView renewal={d.renewal} />}
          {d.renewal && pendingRenewal && <RenewalForm detail={d} />}
          <MessageList
            detail={d}
            side="staff"
            extra={(id) => {
              const j = journal.data?.items.find((i) => i.messageId === id)?.journal;
              return (
                <>
                  <DeliveryLine threadId={d.id} messageId={id} />
                  {j && <JournalStatusLine journal={j} />}
                </>
              );
            }}
          />
          <StaffReply detail={d} onWriting={setWriting} />
        </div>
        <div>
          <ContextPanel threadId={d.id} />
          <PatientAccess detail={d} />
          <Notes detail={d} />
          <Handling detail={d} />
        </div>
      </div>
    </>
  );
}
