/** Building blocks shared by the citizen and clinician dialog pages. */
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_TEXT, MAX_TOPIC } from '@helsedialog/core/constants';
import type { DialogMessage, ThreadDetail, ThreadStatus } from '@helsedialog/core';
import FileUpload, { type UploadFile } from '@helsenorge/file-upload/components/file-upload';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { Fragment, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { useI18n, useT, type TranslateFn } from '../i18n/i18n-context.ts';
import './dialog.scss';
import { formatDateTime, formatSize } from '../lib/format.ts';

/** Status as a coloured tag. */
export function StatusTag({ status }: { status: ThreadStatus }) {
  const t = useT();
  const color = status === 'new' ? 'blueberry' : status === 'in_progress' ? 'banana' : status === 'answered' ? 'kiwi' : 'neutral';
  // On its own white ground: the kiwi text on an unread row's blue ground was 4.48:1 (issue 23).
  return (
    <span className="hd-status-tag">
      <Tag color={color}>{t(`dialog.status.${status}`)}</Tag>
    </span>
  );
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * Message text as text: line breaks kept, and http(s) links made clickable. Nothing is ever
 * interpreted as HTML (React escapes every string).
 */
export function MessageText({ text }: { text: string }) {
  const t = useT();
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    // Trailing punctuation usually ends the sentence, not the address.
    const trail = /[.,;:!?)\]}]+$/.exec(url);
    if (trail) url = url.slice(0, -trail[0].length);
    const start = m.index;
    if (start > last) parts.push(text.slice(last, start));
    let safe: boolean;
    try {
      const parsed = new URL(url);
      safe = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    } catch {
      safe = false;
    }
    parts.push(
      safe ? (
        <a key={start} href={url} target="_blank" rel="noopener noreferrer" className="hd-link">
          {url}
          <span className="hd-visually-hidden"> {t('dialog.msg.newLinkTab')}</span>
        </a>
      ) : (
        url
      ),
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <div className="hd-msg__text">
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </div>
  );
}

/** The conversation, oldest first, with sender, time, delivery and read status, and attachments. */
export function MessageList({ detail, side, extra }: { detail: ThreadDetail; side: 'citizen' | 'staff'; extra?: (messageId: string) => ReactNode }) {
  const { t, locale } = useI18n();
  const messages = [...detail.messages].sort((a, b) => a.seq - b.seq);
  return (
    <>
      <NewMessageAnnouncer messages={messages} />
      <ol className="hd-msgs" aria-label={t('dialog.thread.messages')}>
        {messages.map((m) => (
          <li key={m.id}>
            <MessageItem
              message={m}
              side={side}
              attachmentBase={side === 'citizen' ? '/api/citizen/attachments/' : '/api/staff/attachments/'}
              locale={locale}
              t={t}
            />
            {extra?.(m.id)}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * A polite live region that says once when a message from the other side arrives in the open
 * thread (live updates): "New message from Lise Fjellheim". Messages there when the page opened,
 * and one's own, are not announced; each new message id is announced exactly once.
 */
function NewMessageAnnouncer({ messages }: { messages: DialogMessage[] }) {
  const t = useT();
  const seen = useRef<Set<string> | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!seen.current) {
      seen.current = new Set(messages.map((m) => m.id));
      return;
    }
    const fresh = messages.filter((m) => !seen.current!.has(m.id));
    for (const m of fresh) seen.current.add(m.id);
    const theirs = fresh.filter((m) => !m.mine);
    if (theirs.length) setText(t('dialog.live.newMessage', { name: theirs[theirs.length - 1]!.author.name }));
  }, [messages, t]);
  return (
    <div className="hd-visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="new-message-live">
      {text}
    </div>
  );
}

function MessageItem({
  message: m,
  side,
  attachmentBase,
  locale,
  t,
}: {
  message: DialogMessage;
  side: 'citizen' | 'staff';
  attachmentBase: string;
  locale: string;
  t: TranslateFn;
}) {
  const name = m.author.kind === 'system' ? t('dialog.msg.system') : m.author.name;
  const sender = m.author.onBehalfOf ? t('dialog.msg.onBehalf', { name, other: m.author.onBehalfOf }) : name;
  return (
    <article className={classNames('hd-msg', { 'hd-msg--mine': m.mine, 'hd-msg--system': m.author.kind === 'system', 'hd-msg--important': m.important })}>
      <header className="hd-msg__head">
        <p className="hd-msg__sender">
          <strong>{sender}</strong>
          {m.author.role && <span className="hd-msg__role">, {m.author.role}</span>}
          {m.mine && <span className="hd-msg__role"> {t('dialog.msg.you')}</span>}
        </p>
        <p className="hd-msg__time">
          <time dateTime={m.createdAt}>{t('dialog.msg.sent', { time: formatDateTime(m.createdAt, locale) })}</time>
        </p>
        {m.important && <Tag color="cherry">{t('dialog.msg.important')}</Tag>}
      </header>
      <MessageText text={m.text} />
      {m.attachments.length > 0 && (
        <div className="hd-msg__files">
          <p className="hd-msg__files-title">{t('dialog.msg.attachments')}</p>
          <ul>
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a className="hd-link" href={`${attachmentBase}${a.id}`} download={a.filename}>
                  {t('dialog.msg.download', { name: a.filename })}
                </a>{' '}
                <span className="hd-muted">({formatSize(a.sizeBytes, locale)})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {m.mine && m.author.kind !== 'system' && (
        <p className="hd-msg__receipt">
          <span>{t('dialog.msg.delivered')}</span>
          <span aria-hidden="true"> · </span>
          {m.readAt ? (
            <span className="hd-msg__read">
              {side === 'staff'
                ? t('dialog.msg.readByCitizen', { time: formatDateTime(m.readAt, locale) })
                : t('dialog.msg.read', { time: formatDateTime(m.readAt, locale) })}
            </span>
          ) : (
            <span>{side === 'staff' ? t('dialog.msg.notReadByCitizen') : t('dialog.msg.notRead')}</span>
          )}
        </p>
      )}
    </article>
  );
}

/** The prescriptions of a renewal request and what was decided for each. */
export function RenewalView({ renewal }: { renewal: NonNullable<ThreadDetail['renewal']> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const known = ['e_resept_pharmacy', 'pickup_at_office', 'mail'] as const;
  const method = known.find((k) => k === renewal.collectMethod);
  return (
    <section className="hd-panel" aria-labelledby={id}>
      <Title id={id} htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.renewal.title')}
      </Title>
      <ul className="hd-renewal">
        {renewal.items.map((item) => (
          <li key={item.id} className={`hd-renewal__item hd-renewal__item--${item.decision}`}>
            <span className="hd-renewal__name">{item.medication}</span>
            <Tag color={item.decision === 'renewed' ? 'kiwi' : item.decision === 'declined' ? 'cherry' : 'neutral'}>{t(`dialog.renewal.${item.decision}`)}</Tag>
            {item.decidedAt && <span className="hd-muted hd-renewal__when">{formatDateTime(item.decidedAt, locale)}</span>}
            {item.reason && <span className="hd-renewal__reason">{t('dialog.renewal.reason', { reason: item.reason })}</span>}
          </li>
        ))}
      </ul>
      {method && (
        <p className="hd-renewal__collect">
          <span className="hd-muted">{t('dialog.renewal.collect')}: </span>
          {t(`dialog.collect.${method}`)}
        </p>
      )}
    </section>
  );
}

/** Field errors from a shared zod schema, in the user's language. */
export function fieldErrors(error: z.ZodError, t: TranslateFn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    if (out[field]) continue;
    const big = issue.code === 'too_big';
    if (field === 'text') out[field] = big ? t('dialog.validate.textLong', { max: MAX_TEXT }) : t('dialog.validate.textEmpty');
    else if (field === 'topic') out[field] = big ? t('dialog.validate.topicLong', { max: MAX_TOPIC }) : t('dialog.validate.topic');
    else if (field === 'prescriptionIds') out[field] = t('dialog.validate.prescriptions');
    else if (field === 'decisions') out[field] = t('dialog.validate.decide');
    else out[field] = t('dialog.validate.invalid');
  }
  return out;
}

const MB = Math.round(MAX_ATTACHMENT_BYTES / (1024 * 1024));

/** Attachments with the Helsenorge file upload; type, size and count checked before sending. */
export function AttachmentPicker({ files, onChange, disabled }: { files: File[]; onChange: (files: File[]) => void; disabled?: boolean }) {
  const t = useT();
  const inputId = useId();
  const helpId = `${inputId}-help`;
  const [problem, setProblem] = useState<string | undefined>();
  const add = (incoming: UploadFile[]) => {
    const next = [...files];
    const problems: string[] = [];
    for (const f of incoming) {
      if (!(ATTACHMENT_TYPES as readonly string[]).includes(f.type)) problems.push(t('dialog.write.fileWrongType', { name: f.name }));
      else if (f.size > MAX_ATTACHMENT_BYTES) problems.push(t('dialog.write.fileTooBig', { name: f.name, mb: MB }));
      else if (next.length >= MAX_ATTACHMENTS) problems.push(t('dialog.write.tooManyFiles', { max: MAX_ATTACHMENTS }));
      else if (!next.some((n) => n.name === f.name)) next.push(f);
    }
    setProblem(problems.length ? problems.join(' ') : undefined);
    onChange(next);
  };
  return (
    <div className="hd-field">
      <FileUpload
        inputId={inputId}
        label={t('dialog.write.attachments')}
        helpElement={
          <p id={helpId} className="hd-help">
            {t('dialog.write.attachmentsHelp', { max: MAX_ATTACHMENTS, mb: MB })}
          </p>
        }
        aria-describedby={helpId}
        acceptedFiles={files as UploadFile[]}
        onChangeFile={add}
        onDeleteFile={(id) => {
          setProblem(undefined);
          onChange(files.filter((f) => ((f as UploadFile).id ?? f.name) !== id));
        }}
        validFileTypes={[...ATTACHMENT_TYPES]}
        shouldUploadMultiple
        chooseFilesText={t('dialog.write.chooseFiles')}
        deleteText={t('dialog.write.remove')}
        disabled={disabled || files.length >= MAX_ATTACHMENTS}
        error={!!problem}
        errorText={problem}
      />
    </div>
  );
}
