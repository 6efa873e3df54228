/** On the clinician's patient page: send the patient a tool from the catalogue, and see what was sent. */
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { MAX_TOOL_NOTE } from '@helsedialog/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { sendTool, taskKeys, useCatalogue, useSentTools } from './api.ts';
import { QualityTag } from './parts.tsx';
import './tasks.scss';
import { formatDate } from '../lib/format.ts';

export function SendToolPanel({ unitId, contactId }: { unitId: string; contactId: string }) {
  const { t, locale } = useI18n();
  const catalogue = useCatalogue();
  const sent = useSentTools(unitId, contactId);
  const qc = useQueryClient();
  const [toolId, setToolId] = useState('');
  const [note, setNote] = useState('');
  const [due, setDue] = useState('');
  const [missing, setMissing] = useState(false);
  // A new form after each send (the note's character counter starts again).
  const [round, setRound] = useState(0);
  const send = useMutation({
    mutationFn: () => sendTool(unitId, { toolId, contactId, ...(note.trim() ? { note: note.trim() } : {}), ...(due ? { dueDate: due } : {}) }),
    onSuccess: () => {
      setToolId('');
      setNote('');
      setDue('');
      setRound((r) => r + 1);
      void qc.invalidateQueries({ queryKey: taskKeys.sent(unitId, contactId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!toolId) {
      setMissing(true);
      return;
    }
    setMissing(false);
    send.mutate();
  };
  return (
    <section className="hd-rep-section" aria-labelledby="pat-tools">
      <Title htmlMarkup="h2" appearance="title3" id="pat-tools" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('tools.send.title')}
      </Title>
      <p>{t('tools.send.intro')}</p>
      {catalogue.isPending ? (
        <PageLoader />
      ) : catalogue.isError ? (
        <ErrorPanel error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      ) : (
        <form key={round} onSubmit={submit} noValidate>
          <div className="hd-field">
            <Select
              selectId="tool-choice"
              label={t('tools.send.tool')}
              value={toolId}
              onChange={(e) => setToolId(e.target.value)}
              error={missing}
              errorText={missing ? t('tools.send.choose') : undefined}
            >
              <option value="">{t('tools.send.choose')}</option>
              {catalogue.data.items.map((tool) => (
                <option key={tool.id} value={tool.id}>
                  {tool.name}
                  {tool.qualityAssured ? ` (${t('tool.qualityAssured')})` : ''}
                </option>
              ))}
            </Select>
          </div>
          <div className="hd-field">
            <Textarea
              textareaId="tool-note"
              label={t('tools.send.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxCharacters={MAX_TOOL_NOTE}
              minRows={3}
              grow
            />
          </div>
          <div className="hd-field">
            <Input inputId="tool-due" type="date" label={t('tools.send.due')} value={due} onChange={(e) => setDue(e.target.value)} />
          </div>
          {send.isError && <ProblemNotice error={send.error} />}
          {send.isSuccess && (
            <NotificationPanel variant="success" size="small">
              <span role="status">{t('tools.send.sent', { name: send.data.tool.name })}</span>
            </NotificationPanel>
          )}
          <Button type="submit" disabled={send.isPending}>
            {t('tools.send.submit')}
          </Button>
        </form>
      )}
      <Title htmlMarkup="h3" appearance="title4" margin={{ marginTop: 1.5, marginBottom: 0.5 }}>
        {t('tools.sent.title')}
      </Title>
      {sent.isPending ? (
        <PageLoader />
      ) : sent.isError ? (
        <ErrorPanel error={sent.error} onRetry={() => void sent.refetch()} />
      ) : sent.data.items.length === 0 ? (
        <p className="hd-empty">{t('tools.sent.empty')}</p>
      ) : (
        <ul className="hd-tasks" aria-label={t('tools.sent.title')}>
          {sent.data.items.map((a) => (
            <li key={a.id} className="hd-tasks__item">
              <span className="hd-tasks__title">{a.tool.name}</span>
              <QualityTag tool={a.tool} />
              <p className="hd-tasks__meta">
                {t('tools.sent.status.sent', { date: formatDate(a.sentAt, locale) })}
                {' · '}
                {a.doneAt
                  ? t('tools.sent.status.done', { date: formatDate(a.doneAt, locale) })
                  : a.openedAt
                    ? t('tools.sent.status.opened')
                    : t('tools.sent.status.notOpened')}
                {a.dueAt && !a.doneAt ? ` · ${t('tasks.due', { date: formatDate(a.dueAt, locale) })}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
