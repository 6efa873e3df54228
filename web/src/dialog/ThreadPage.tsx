/** /citizen/messages/:threadId — one conversation: messages, renewal decisions, conversion, reply. */
import { ThreadFormAnswers } from '../forms/ThreadFormAnswers.tsx';
import { awaitsAnswer, MAX_TEXT, ReplySchema, type ThreadDetail } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { answerConversion, citizenReply, useCitizenThread, useThreadMutation } from '../api/dialog.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { QuestionBox } from '../campaigns/parts.tsx';
import { AttachmentPicker, fieldErrors, MessageList, RenewalView, StatusTag } from './components.tsx';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { feeLine } from './format.ts';
import { newKey } from '../api/client.ts';
import { useLiveDialog } from './live.ts';
import { ArchiveControl, WhatNext } from '../rules/citizen.tsx';
import { formatDateTime, formatNok } from '../lib/format.ts';

export function ThreadPage() {
  return <RequireSession kind="citizen">{() => <CitizenThread />}</RequireSession>;
}

function CitizenThread() {
  const { t, locale, language } = useI18n();
  const { threadId = '' } = useParams();
  useLiveDialog('citizen');
  const thread = useCitizenThread(threadId);
  const justSent = (useLocation().state as { justSent?: boolean } | null)?.justSent === true;
  useDocumentTitle(t('dialog.thread.docTitle', { topic: thread.data?.topic ?? t('dialog.messages.title') }));

  if (thread.isPending) return <PageLoader />;
  if (thread.isError)
    return (
      <ErrorPanel
        error={thread.error}
        headingLevel="h1"
        onRetry={() => void thread.refetch()}
        back={{ to: '/citizen/messages', label: t('dialog.thread.back') }}
      />
    );
  const d = thread.data;
  return (
    <>
      <BackLink to="/citizen/messages">{t('dialog.thread.back')}</BackLink>
      <div className="hd-title-row">
        <Title htmlMarkup="h1" appearance="title2" margin={0}>
          {d.topic}
        </Title>
        <StatusTag status={d.status} />
      </div>
      <ul className="hd-facts-inline">
        <li>{t('dialog.thread.with', { unit: d.unit.name })}</li>
        <li>{t(`dialog.kind.${d.kind}`)}</li>
        <li>{t('dialog.thread.started', { date: formatDateTime(d.createdAt, locale) })}</li>
        {d.dueAt && awaitsAnswer(d.status) && <li>{t('dialog.thread.due', { date: formatDateTime(d.dueAt, locale) })}</li>}
        {d.kind === 'ekonsultasjon' && feeLine(t, d.fee, locale) && <li>{feeLine(t, d.fee, locale)}</li>}
        {d.about && (
          <li>
            <Link className="hd-link" to={`/citizen/records/${d.about.recordId}`}>
              {t('dialog.thread.about', { title: d.about.title })}
            </Link>
          </li>
        )}
        <li>
          <a className="hd-link" href={`/api/citizen/threads/${d.id}/pdf?lang=${language}`}>
            {t('dialog.thread.pdf')}
          </a>
        </li>
      </ul>
      <ThreadFormAnswers who="citizen" threadId={d.id} />
      {d.flexible &&
        (d.flexible.ended ? (
          <NotificationPanel variant="info" label={t('dialog.flex.endedTitle')} labelHtmlMarkup="h2">
            <p className="hd-panel-text">{t('dialog.flex.ended', { date: formatDateTime(d.flexible.until, locale) })}</p>
          </NotificationPanel>
        ) : (
          <p className="hd-muted">{t('dialog.flex.until', { date: formatDateTime(d.flexible.until, locale) })}</p>
        ))}
      {justSent && d.startedBy === 'citizen' && <WhatNext detail={d} />}
      {d.conversion?.state === 'pending' && <ConversionPanel detail={d} />}
      {d.conversion?.state === 'accepted' && <p className="hd-muted">{t('dialog.conv.accepted')}</p>}
      {d.conversion?.state === 'declined' && <p className="hd-muted">{t('dialog.conv.declined')}</p>}
      {d.renewal && <RenewalView renewal={d.renewal} />}
      <MessageList detail={d} side="citizen" />
      <QuestionBox threadId={d.id} />
      <ReplyBox detail={d} />
      <ArchiveControl detail={d} />
    </>
  );
}

function ConversionPanel({ detail }: { detail: ThreadDetail }) {
  const { t, locale } = useI18n();
  const charged = detail.fee?.kind === 'charged';
  const fee = charged ? formatNok(detail.fee?.kind === 'charged' ? detail.fee.amountNok : '', locale) : '';
  const answer = useThreadMutation('citizen', detail.id, (accept: boolean) => answerConversion(detail.id, accept));
  return (
    <div className="hd-field">
      <NotificationPanel variant="warn" label={t('dialog.conv.title')} labelHtmlMarkup="h2">
        <p className="hd-panel-text">
          {charged ? t('dialog.conv.text', { fee }) : t('dialog.conv.textFree', { exempt: feeLine(t, detail.fee, locale) ?? '' })}
        </p>
        <div className="hd-actions">
          <Button onClick={() => answer.mutate(true)} disabled={answer.isPending}>
            {charged ? t('dialog.conv.accept', { fee }) : t('dialog.conv.acceptFree')}
          </Button>
          <Button variant="outline" onClick={() => answer.mutate(false)} disabled={answer.isPending}>
            {t('dialog.conv.decline')}
          </Button>
        </div>
        <ProblemNotice error={answer.error} title={t('dialog.staff.actionFailed')} />
      </NotificationPanel>
    </div>
  );
}

function ReplyBox({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  // The design system's character counter keeps its own count: remount the field after a send.
  const [round, setRound] = useState(0);
  const key = useRef<string | undefined>(undefined);
  const send = useThreadMutation('citizen', detail.id, (v: { text: string; files: File[] }) => {
    key.current ??= newKey();
    return citizenReply(detail.id, v.text, v.files, key.current);
  });

  if (detail.kind === 'journalkopi') return <p className="hd-muted">{t('dialog.reply.journal')}</p>;
  if (!detail.repliesAllowed) {
    return (
      <NotificationPanel variant="info">
        <p className="hd-panel-text">{t('dialog.reply.closed')}</p>
        <Link className="hd-link" to={`/citizen/contacts/${detail.contactId}`}>
          {t('dialog.reply.newMessage', { unit: detail.unit.name })}
        </Link>
      </NotificationPanel>
    );
  }
  if (detail.conversion?.state === 'pending') return <p className="hd-muted">{t('dialog.reply.conversionFirst')}</p>;
  if (detail.flexible?.ended) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ReplySchema.safeParse({ text });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error, t).text);
      return;
    }
    setError(undefined);
    send.mutate(
      { text: parsed.data.text, files },
      {
        onSuccess: () => {
          key.current = undefined;
          setText('');
          setFiles([]);
          setRound((r) => r + 1);
          setSent(true);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status !== 0 && err.status < 500) key.current = undefined;
        },
      },
    );
  };
  const changed = () => {
    key.current = undefined;
    setSent(false);
  };
  return (
    <section aria-labelledby="reply-title" className="hd-form">
      <Title id="reply-title" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.reply.title')}
      </Title>
      <form onSubmit={submit} noValidate>
        <div className="hd-field">
          <Textarea
            key={round}
            textareaId="reply-text"
            label={t('dialog.reply.label')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              changed();
            }}
            maxCharacters={MAX_TEXT}
            resources={{ characters: t('dialog.write.maxText') }}
            minRows={4}
            grow
            errorText={error}
            error={!!error}
          />
        </div>
        <AttachmentPicker
          files={files}
          onChange={(f) => {
            setFiles(f);
            changed();
          }}
          disabled={send.isPending}
        />
        <ProblemNotice error={send.error} />
        {sent && (
          <p role="status" className="hd-muted">
            {t('dialog.reply.sent')}
          </p>
        )}
        <div className="hd-actions">
          <Button type="submit" disabled={send.isPending}>
            {send.isPending ? t('dialog.write.sending') : t('dialog.reply.send')}
          </Button>
        </div>
      </form>
    </section>
  );
}
