/**
 * /clinician/threads/:threadId — case handling: the conversation, reply or "svar og lukk",
 * internal notes, assignment, reclassification, closing, renewal decisions and billing.
 */
import { ThreadFormAnswers } from '../forms/ThreadFormAnswers.tsx';
import {
  answerRule,
  awaitsAnswer,
  canGiveEConsultation,
  DEFAULT_DECLINE_REASONS,
  MAX_TEXT,
  NoteSchema,
  StaffReplySchema,
  type ThreadDetail,
} from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useThreadJournal } from '../journal/api.ts';
import { JournalStatusLine } from '../journal/JournalStatus.tsx';
import { dialogKeys, staffActions, staffReply, useMembers, useStaffThread, useThreadMutation } from '../api/dialog.ts';
import { useMe, useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { ageFromBirthDate } from '../representation/format.ts';
import { HideFromParentsToggle, ParentAccessPanel, PatientPageLink } from '../representation/index.ts';
import { DeliveryLine } from '../campaigns/parts.tsx';
import { AttachmentPicker, BackLink, fieldErrors, MessageList, MessageText, ProblemNotice, RenewalView, StatusTag } from './components.tsx';
import { formatDateTime, formatDay, formatNok, newKey } from './format.ts';
import { ThreadEscalations } from '../rules/parts.tsx';
import { useLiveDialog } from './live.ts';
import { ContextPanel } from '../workspace/ContextPanel.tsx';
import { PresenceLine } from '../workspace/PresenceLine.tsx';
import { QuickReplies } from '../workspace/QuickReplies.tsx';
import { useAnnouncePresence } from '../workspace/presence.ts';
import { useWorkspaceNav } from '../workspace/nav.ts';

export function StaffThreadPage() {
  return <RequireSession kind="staff">{() => <StaffThread />}</RequireSession>;
}

/** The conversation beside the inbox list (the inbox's nested route …/threads/:threadId). */
export function StaffThreadPane() {
  const { threadId = '' } = useParams();
  // A new conversation is a new pane: nothing typed in one carries over to the next.
  return <StaffThread key={threadId} />;
}

/** Back to the list, previous and next in the list's order (only beside the inbox list). */
function PaneNav() {
  const { t } = useI18n();
  const nav = useWorkspaceNav();
  if (!nav) return null;
  return (
    <nav className="hd-pane-nav" aria-label={t('inbox.pane.nav')}>
      <Link className="hd-link hd-pane-nav__list" to={nav.listTo}>
        {t('inbox.pane.toList')}
      </Link>
      {nav.position && <span className="hd-muted">{t('inbox.pane.position', { n: nav.position.index + 1, total: nav.position.total })}</span>}
      <Button variant="borderless" onClick={() => nav.previous?.()} disabled={!nav.previous}>
        {t('inbox.pane.previous')}
      </Button>
      <Button variant="borderless" onClick={() => nav.next?.()} disabled={!nav.next}>
        {t('inbox.pane.next')}
      </Button>
    </nav>
  );
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
            {t('dialog.staff.patient')}: <strong>{d.citizen.name}</strong> {t('dialog.inbox.born', { date: formatDay(d.citizen.birthDate, locale) })}
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

/** Under 16: what the parents may see, "Skjul for foreldre" for this thread, and the patient page; else the patient page. */
function PatientAccess({ detail: d }: { detail: ThreadDetail }) {
  const qc = useQueryClient();
  if (!d.citizen) return null;
  const age = ageFromBirthDate(d.citizen.birthDate);
  if (age === null || age >= 16) {
    return (
      <p className="hd-field">
        <PatientPageLink unitId={d.unit.id} contactId={d.contactId} name={d.citizen.name} />
      </p>
    );
  }
  return (
    <ParentAccessPanel unitId={d.unit.id} contactId={d.contactId} citizenId={d.citizen.id} citizenName={d.citizen.name} birthDate={d.citizen.birthDate}>
      <HideFromParentsToggle
        objectType="thread"
        objectId={d.id}
        hidden={d.hiddenFromParents ?? false}
        onChange={() => void qc.invalidateQueries({ queryKey: dialogKeys.staffThread(d.id) })}
      />
    </ParentAccessPanel>
  );
}

function StaffReply({ detail, onWriting }: { detail: ThreadDetail; onWriting: (writing: boolean) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  // The thread's version when writing began: a reply to a thread that got a message since asks first (409 THREAD_CHANGED).
  const [seenVersion, setSeenVersion] = useState<number | undefined>(undefined);
  const [changedSince, setChangedSince] = useState(false);
  const writeText = (next: string) => {
    setText(next);
    if (next && seenVersion === undefined) setSeenVersion(detail.version);
    onWriting(next.length > 0);
  };
  const [important, setImportant] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  // The design system's character counter keeps its own count: remount the field after a send.
  const [round, setRound] = useState(0);
  const key = useRef<string | undefined>(undefined);
  const closeRef = useRef(false);
  // The answer rule (core's answerRule): in an e-konsultasjon only a role that can give one sends
  // *the answer* (checked by default for a doctor); anyone else's message keeps it open.
  const units = useStaffUnits();
  const role = units.data?.items.find((u) => u.id === detail.unit.id)?.role ?? '';
  const eConsultation = detail.kind === 'ekonsultasjon';
  const mayAnswer = !eConsultation || canGiveEConsultation(role);
  const [asAnswerChoice, setAsAnswer] = useState<boolean | undefined>(undefined);
  const rule = answerRule({ kind: detail.kind, role, asAnswer: mayAnswer ? asAnswerChoice : false });
  const asAnswer = 'answer' in rule && rule.answer;
  const send = useThreadMutation(
    'staff',
    detail.id,
    (v: { text: string; close: boolean; important: boolean; asAnswer: boolean; files: File[]; expectedVersion: number | undefined }) => {
      key.current ??= newKey();
      return staffReply(
        detail.id,
        {
          text: v.text,
          asAnswer: v.asAnswer,
          ...(v.close ? { close: true } : {}),
          ...(v.important ? { important: true } : {}),
          ...(v.expectedVersion !== undefined ? { expectedVersion: v.expectedVersion } : {}),
        },
        v.files,
        key.current,
      );
    },
  );
  if (!detail.repliesAllowed) {
    return (
      <NotificationPanel variant="info">
        <p className="hd-panel-text">{t('dialog.reply.closed')}</p>
      </NotificationPanel>
    );
  }
  if (detail.kind === 'journalkopi') return null;
  const submit = (e: FormEvent | null, opts: { anyway?: boolean } = {}) => {
    e?.preventDefault();
    const close = closeRef.current;
    if (!opts.anyway) closeRef.current = false;
    const parsed = StaffReplySchema.safeParse({ text, close, important, asAnswer });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error, t).text);
      return;
    }
    setError(undefined);
    setChangedSince(false);
    send.mutate(
      // "Send anyway" after reading the new message: against the thread as it is now.
      { text: parsed.data.text, close, important, asAnswer, files, expectedVersion: opts.anyway ? detail.version : (seenVersion ?? detail.version) },
      {
        onSuccess: () => {
          key.current = undefined;
          closeRef.current = false;
          setSeenVersion(undefined);
          onWriting(false);
          setText('');
          setFiles([]);
          setImportant(false);
          setRound((r) => r + 1);
          setSent(true);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status !== 0 && err.status < 500) key.current = undefined;
          if (err instanceof ApiError && err.code === 'THREAD_CHANGED') setChangedSince(true);
          else closeRef.current = false;
        },
      },
    );
  };
  const changed = () => {
    key.current = undefined;
    setSent(false);
  };
  const blocked = detail.conversion?.state === 'pending';
  return (
    <section aria-labelledby="staff-reply" className="hd-panel">
      <Title id="staff-reply" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.reply')}
      </Title>
      <form onSubmit={submit} noValidate>
        <QuickReplies
          unitId={detail.unit.id}
          unitName={detail.unit.name}
          threadId={detail.id}
          onInsert={(snippet) => {
            writeText(text ? `${text}\n\n${snippet}` : snippet);
            changed();
            setRound((r) => r + 1);
          }}
        />
        <div className="hd-field">
          <Textarea
            key={round}
            textareaId="staff-reply-text"
            label={t('dialog.staff.replyLabel')}
            value={text}
            onChange={(e) => {
              writeText(e.target.value);
              changed();
            }}
            maxCharacters={MAX_TEXT}
            resources={{ characters: t('dialog.write.maxText') }}
            minRows={5}
            grow
            errorText={error}
            error={!!error}
            disabled={blocked}
          />
        </div>
        <div className="hd-field">
          <Checkbox
            inputId="staff-reply-important"
            label={t('dialog.staff.important')}
            checked={important}
            onChange={(e) => {
              setImportant(e.target.checked);
              changed();
            }}
          />
        </div>
        {eConsultation && awaitsAnswer(detail.status) && (
          <div className="hd-field">
            {mayAnswer ? (
              <Checkbox
                inputId="staff-reply-as-answer"
                label={t('dialog.staff.asAnswer')}
                checked={asAnswer}
                onChange={(e) => {
                  setAsAnswer(e.target.checked);
                  changed();
                }}
              />
            ) : (
              <p className="hd-muted">{t('dialog.staff.notAnswerHint')}</p>
            )}
          </div>
        )}
        <AttachmentPicker
          files={files}
          onChange={(f) => {
            setFiles(f);
            changed();
          }}
          disabled={send.isPending || blocked}
        />
        {changedSince ? (
          <div className="hd-field" role="alert">
            <NotificationPanel variant="warn">
              <p className="hd-panel-text">{t('inbox.changed.text')}</p>
              <div className="hd-actions">
                <Button variant="outline" onClick={() => submit(null, { anyway: true })} disabled={send.isPending}>
                  {t('inbox.changed.sendAnyway')}
                </Button>
                <Button
                  variant="borderless"
                  onClick={() => {
                    setChangedSince(false);
                    closeRef.current = false;
                    setSeenVersion(detail.version);
                  }}
                >
                  {t('inbox.changed.cancel')}
                </Button>
              </div>
            </NotificationPanel>
          </div>
        ) : (
          <ProblemNotice error={send.error} />
        )}
        {sent && (
          <p role="status" className="hd-muted">
            {t('dialog.reply.sent')}
          </p>
        )}
        <div className="hd-actions">
          <Button type="submit" disabled={send.isPending || blocked}>
            {send.isPending
              ? t('dialog.write.sending')
              : eConsultation && asAnswer && awaitsAnswer(detail.status)
                ? t('dialog.staff.sendAnswer')
                : t('dialog.reply.send')}
          </Button>
          {(asAnswer || !eConsultation || detail.status === 'answered') && (
            <Button
              type="submit"
              variant="outline"
              disabled={send.isPending || blocked}
              onClick={() => {
                closeRef.current = true;
              }}
            >
              {t('dialog.staff.sendClose')}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}

function Notes({ detail }: { detail: ThreadDetail }) {
  const { t, locale } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [round, setRound] = useState(0);
  const add = useThreadMutation('staff', detail.id, (v: string) => staffActions.note(detail.id, v));
  return (
    <section aria-labelledby="notes-title" className="hd-panel hd-panel--internal">
      <p className="hd-internal-badge">{t('dialog.staff.notesBadge')}</p>
      <Title id="notes-title" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.notes')}
      </Title>
      {detail.notes?.length ? (
        <ul className="hd-notes">
          {detail.notes.map((n) => (
            <li key={n.id}>
              <p className="hd-muted" style={{ margin: 0 }}>
                <strong>{n.author}</strong>, {formatDateTime(n.createdAt, locale)}
              </p>
              <MessageText text={n.text} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="hd-muted">{t('dialog.staff.notesEmpty')}</p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = NoteSchema.safeParse({ text });
          if (!parsed.success) return setError(fieldErrors(parsed.error, t).text);
          setError(undefined);
          add.mutate(parsed.data.text, {
            onSuccess: () => {
              setText('');
              setRound((r) => r + 1);
            },
          });
        }}
      >
        <div className="hd-field">
          <Textarea
            key={round}
            textareaId="note-text"
            label={t('dialog.staff.noteLabel')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            minRows={3}
            errorText={error}
            error={!!error}
          />
        </div>
        <ProblemNotice error={add.error} title={t('dialog.staff.actionFailed')} />
        <Button type="submit" variant="outline" disabled={add.isPending}>
          {t('dialog.staff.noteAdd')}
        </Button>
      </form>
    </section>
  );
}

function Handling({ detail }: { detail: ThreadDetail }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const members = useMembers(detail.unit.id);
  const assignedId = detail.assignedTo?.id ?? '';
  const [assignee, setAssignee] = useState(assignedId);
  // Follow the server when the assignment changes (here, in another tab or by a colleague).
  const [shownAssigned, setShownAssigned] = useState(assignedId);
  if (shownAssigned !== assignedId) {
    setShownAssigned(assignedId);
    setAssignee(assignedId);
  }
  const [newKind, setNewKind] = useState<'ekontakt' | 'ekonsultasjon' | 'standarddialog' | ''>('');
  const [forbid, setForbid] = useState(true);
  const assign = useThreadMutation('staff', detail.id, (id: string | null) => staffActions.assign(detail.id, id));
  const reclassify = useThreadMutation('staff', detail.id, (k: 'ekontakt' | 'ekonsultasjon' | 'standarddialog') => staffActions.reclassify(detail.id, k));
  const close = useThreadMutation('staff', detail.id, (f: boolean) => staffActions.close(detail.id, f));
  const kinds = (['ekontakt', 'ekonsultasjon', 'standarddialog'] as const).filter((k) => k !== detail.kind);
  const canReclassify = detail.kind !== 'fornyresept' && detail.kind !== 'journalkopi' && detail.conversion?.state !== 'pending';
  const myId = me.data?.person.id;
  return (
    <section aria-labelledby="handling-title" className="hd-panel">
      <Title id="handling-title" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.actions')}
      </Title>
      <p>
        {detail.billing?.exemptReason
          ? t('dialog.staff.billingExempt', {
              code: detail.billing.code,
              reason: t(`dialog.staff.exemptReason.${detail.billing.exemptReason}`),
              date: formatDateTime(detail.billing.createdAt, locale),
            })
          : detail.billing
            ? t('dialog.staff.billing', {
                code: detail.billing.code,
                amount: formatNok(detail.billing.amountNok, locale),
                date: formatDateTime(detail.billing.createdAt, locale),
              })
            : detail.kind === 'ekonsultasjon'
              ? t('dialog.staff.noBilling')
              : null}
      </p>

      <form
        className="hd-field"
        onSubmit={(e) => {
          e.preventDefault();
          assign.mutate(assignee || null);
        }}
      >
        <Title htmlMarkup="h3" appearance="title5" margin={{ marginTop: 0, marginBottom: 0.25 }}>
          {t('dialog.staff.assign')}
        </Title>
        <Select selectId="assign-to" label={t('dialog.staff.assignLabel')} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('dialog.staff.assignNone')}</option>
          {members.data?.items.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.title})
            </option>
          ))}
        </Select>
        <div className="hd-actions">
          <Button type="submit" variant="outline" disabled={assign.isPending}>
            {t('dialog.staff.assignSave')}
          </Button>
          {myId && (
            <Button
              variant="borderless"
              disabled={assign.isPending}
              onClick={() => {
                setAssignee(myId);
                assign.mutate(myId);
              }}
            >
              {t('dialog.staff.assignMe')}
            </Button>
          )}
        </div>
        {assign.isSuccess && (
          <p role="status" className="hd-muted">
            {t('dialog.staff.done')}
          </p>
        )}
        <ProblemNotice error={assign.error} title={t('dialog.staff.actionFailed')} />
      </form>

      {canReclassify && (
        <form
          className="hd-field"
          onSubmit={(e) => {
            e.preventDefault();
            if (newKind) reclassify.mutate(newKind, { onSuccess: () => setNewKind('') });
          }}
        >
          <Title htmlMarkup="h3" appearance="title5" margin={{ marginTop: 0, marginBottom: 0.25 }}>
            {t('dialog.staff.reclassify')}
          </Title>
          <Select
            selectId="reclassify-kind"
            label={t('dialog.staff.reclassifyLabel')}
            value={newKind}
            onChange={(e) => setNewKind(e.target.value as typeof newKind)}
          >
            <option value="">–</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`dialog.kind.${k}`)}
              </option>
            ))}
          </Select>
          {detail.kind === 'ekontakt' && <p className="hd-help">{t('dialog.staff.reclassifyFee')}</p>}
          <Button type="submit" variant="outline" disabled={!newKind || reclassify.isPending}>
            {t('dialog.staff.reclassify')}
          </Button>
          <ProblemNotice error={reclassify.error} title={t('dialog.staff.actionFailed')} />
        </form>
      )}

      {detail.status !== 'closed' && (
        <form
          className="hd-field"
          onSubmit={(e) => {
            e.preventDefault();
            close.mutate(forbid);
          }}
        >
          <Title htmlMarkup="h3" appearance="title5" margin={{ marginTop: 0, marginBottom: 0.25 }}>
            {t('dialog.staff.close')}
          </Title>
          <Checkbox inputId="close-forbid" label={t('dialog.staff.closeForbid')} checked={forbid} onChange={(e) => setForbid(e.target.checked)} />
          <div className="hd-actions">
            <Button type="submit" variant="outline" concept="destructive" disabled={close.isPending}>
              {t('dialog.staff.closeSave')}
            </Button>
          </div>
          <ProblemNotice error={close.error} title={t('dialog.staff.actionFailed')} />
        </form>
      )}
    </section>
  );
}

type Choice = { decision: 'renewed' | 'declined' | ''; std: string; own: string };

function RenewalForm({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const renewal = detail.renewal!;
  const reasons = renewal.declineReasons?.length ? renewal.declineReasons : DEFAULT_DECLINE_REASONS;
  const pending = renewal.items.filter((i) => i.decision === 'pending');
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const decide = useThreadMutation('staff', detail.id, (body: Parameters<typeof staffActions.renewal>[1]) => staffActions.renewal(detail.id, body));
  const set = (id: string, patch: Partial<Choice>) => setChoices((c) => ({ ...c, [id]: { decision: '', std: '', own: '', ...c[id], ...patch } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const decisions: Array<{ itemId: string; decision: 'renewed' | 'declined'; reason?: string }> = [];
    for (const item of pending) {
      const c = choices[item.id];
      if (!c?.decision) continue;
      if (c.decision === 'renewed') decisions.push({ itemId: item.id, decision: 'renewed' });
      else {
        const reason = c.own.trim() || c.std;
        if (!reason) errs[item.id] = t('dialog.validate.reason', { name: item.medication });
        decisions.push({ itemId: item.id, decision: 'declined', reason });
      }
    }
    if (decisions.length === 0) errs._ = t('dialog.validate.decide');
    if (text.trim().length > MAX_TEXT) errs.text = t('dialog.validate.textLong', { max: MAX_TEXT });
    setErrors(errs);
    if (Object.keys(errs).length) return;
    decide.mutate({ decisions, ...(text.trim() ? { text: text.trim() } : {}) }, { onSuccess: () => setText('') });
  };

  return (
    <section aria-labelledby="renewal-form" className="hd-panel">
      <Title id="renewal-form" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.renewal')}
      </Title>
      <form onSubmit={submit} noValidate>
        {pending.map((item) => {
          const c = choices[item.id] ?? { decision: '', std: '', own: '' };
          return (
            <div key={item.id} className="hd-decision">
              <FormGroup legend={t('dialog.staff.decision', { name: item.medication })} error={errors[item.id]}>
                <RadioButton
                  inputId={`d-${item.id}-r`}
                  name={`d-${item.id}`}
                  value="renewed"
                  label={t('dialog.staff.renew')}
                  checked={c.decision === 'renewed'}
                  onChange={() => set(item.id, { decision: 'renewed' })}
                />
                <RadioButton
                  inputId={`d-${item.id}-d`}
                  name={`d-${item.id}`}
                  value="declined"
                  label={t('dialog.staff.decline')}
                  checked={c.decision === 'declined'}
                  onChange={() => set(item.id, { decision: 'declined' })}
                />
                <RadioButton
                  inputId={`d-${item.id}-n`}
                  name={`d-${item.id}`}
                  value=""
                  label={t('dialog.staff.undecided')}
                  checked={c.decision === ''}
                  onChange={() => set(item.id, { decision: '' })}
                />
              </FormGroup>
              {c.decision === 'declined' && (
                <>
                  <Select
                    selectId={`reason-${item.id}`}
                    label={t('dialog.staff.reasonPick')}
                    value={c.std}
                    onChange={(e) => set(item.id, { std: e.target.value })}
                  >
                    <option value="">–</option>
                    {reasons.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </Select>
                  <Input
                    inputId={`own-${item.id}`}
                    label={t('dialog.staff.reasonOther')}
                    value={c.own}
                    onChange={(e) => set(item.id, { own: e.target.value })}
                  />
                </>
              )}
            </div>
          );
        })}
        <div className="hd-field">
          <Textarea
            textareaId="renewal-text"
            label={t('dialog.staff.renewalText')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            minRows={3}
            errorText={errors.text}
            error={!!errors.text}
          />
        </div>
        {errors._ && (
          <p className="hd-overdue" role="alert">
            {errors._}
          </p>
        )}
        <ProblemNotice error={decide.error} title={t('dialog.staff.actionFailed')} />
        <Button type="submit" disabled={decide.isPending}>
          {t('dialog.staff.renewalSave')}
        </Button>
      </form>
    </section>
  );
}
