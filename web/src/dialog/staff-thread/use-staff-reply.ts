/**
 * The state of the staff reply form: the text and what goes with it, the answer rule, the thread
 * version the reply was written against, and the send with its Idempotency-Key.
 */
import { answerRule, canGiveEConsultation, StaffReplySchema, type ThreadDetail } from '@helsedialog/core';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, newKey } from '../../api/client.ts';
import { staffReply, useThreadMutation } from '../../api/dialog.ts';
import { useStaffUnits } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n-context.ts';
import { fieldErrors } from '../components.tsx';

interface SendInput {
  text: string;
  close: boolean;
  important: boolean;
  asAnswer: boolean;
  files: File[];
  expectedVersion: number | undefined;
}

export function useStaffReply(detail: ThreadDetail, onWriting: (writing: boolean) => void) {
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
  const send = useThreadMutation('staff', detail.id, (v: SendInput) => {
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
  });

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
  /** Anything changed after a send: a new send is a new request (new key), and "sent" no longer holds. */
  const changed = () => {
    key.current = undefined;
    setSent(false);
  };
  return {
    text,
    writeText,
    important,
    setImportant,
    files,
    setFiles,
    error,
    sent,
    round,
    /** Remounts the text field (its character counter keeps its own count). */
    remountText: () => setRound((r) => r + 1),
    changedSince,
    /** "Cancel" on the changed-since warning: keep writing, against the thread as it is now. */
    keepWriting: () => {
      setChangedSince(false);
      closeRef.current = false;
      setSeenVersion(detail.version);
    },
    /** The next submit also closes the thread ("Send og lukk"). */
    closeOnSubmit: () => {
      closeRef.current = true;
    },
    eConsultation,
    mayAnswer,
    asAnswer,
    setAsAnswer,
    send,
    submit,
    changed,
  };
}
