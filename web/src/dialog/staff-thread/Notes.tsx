/** Internal notes on a conversation: never shown to the patient. */
import { NoteSchema, type ThreadDetail } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState } from 'react';
import { staffActions, useThreadMutation } from '../../api/dialog.ts';
import { Textarea } from '../../components/Textarea.tsx';
import { useI18n } from '../../i18n/i18n-context.ts';
import { fieldErrors, MessageText } from '../components.tsx';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime } from '../../lib/format.ts';

export function Notes({ detail }: { detail: ThreadDetail }) {
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
