/** /citizen/oppgaver/verktoy/:assignmentId — a tool a clinician sent: what it is, the note, open it, mark it done. */
import Button from '@helsenorge/designsystem-react/components/Button';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { setToolDone, taskKeys, useToolAssignment } from './api.ts';
import { AgeRange, QualityTag } from './parts.tsx';
import './tasks.scss';
import { formatDate } from '../lib/format.ts';

export function ToolTaskPage() {
  return <RequireSession kind="citizen">{() => <ToolTask />}</RequireSession>;
}

function ToolTask() {
  const { t, locale } = useI18n();
  const { assignmentId = '' } = useParams();
  const a = useToolAssignment(assignmentId);
  const qc = useQueryClient();
  useDocumentTitle(a.data ? t('tool.docTitle', { name: a.data.tool.name }) : t('tasks.docTitle'));
  const done = useMutation({
    mutationFn: (d: boolean) => setToolDone(assignmentId, d),
    onSuccess: (updated) => {
      qc.setQueryData(taskKeys.tool(assignmentId), updated);
      void qc.invalidateQueries({ queryKey: taskKeys.list });
    },
  });
  const back = <BackLink to="/citizen/oppgaver">{t('tasks.back.list')}</BackLink>;
  if (a.isPending) return <PageLoader />;
  if (a.isError)
    return (
      <>
        {back}
        <ErrorPanel error={a.error} headingLevel="h1" onRetry={() => void a.refetch()} />
      </>
    );
  const { tool } = a.data;
  return (
    <article className="hd-tool">
      {back}
      <p className="hd-greeting">{t(`tasks.kind.tool`)}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {tool.name}
      </Title>
      <p>
        <QualityTag tool={tool} /> {t(`tool.kind.${tool.kind}`)}
        {tool.minAge !== null || tool.maxAge !== null ? ' · ' : ''}
        <AgeRange tool={tool} />
      </p>
      <p className="hd-lead">{tool.purpose}</p>
      <p>{t('tool.publisher', { publisher: tool.publisher })}</p>
      <p>{t('tool.sentBy', { name: a.data.sentBy, unit: a.data.unit.name, date: formatDate(a.data.sentAt, locale) })}</p>
      {a.data.dueAt && <p>{t('tasks.due', { date: formatDate(a.data.dueAt, locale) })}</p>}
      {a.data.note && (
        <section aria-labelledby="tool-note">
          <Title htmlMarkup="h2" appearance="title4" id="tool-note" margin={{ marginTop: 1, marginBottom: 0 }}>
            {t('tool.note')}
          </Title>
          <p className="hd-tool__note">{a.data.note}</p>
        </section>
      )}
      <div className="hd-tool__actions">
        <a className="hd-link" href={tool.url} target="_blank" rel="noopener noreferrer">
          {t('tool.open', { name: tool.name })} <span className="hd-visually-hidden">{t('tool.opensNewTab')}</span>
          <span aria-hidden="true"> ↗</span>
        </a>
        <Button variant={a.data.doneAt ? 'outline' : 'fill'} onClick={() => done.mutate(!a.data.doneAt)} disabled={done.isPending}>
          {a.data.doneAt ? t('tool.markUndone') : t('tool.markDone')}
        </Button>
      </div>
      {a.data.doneAt && <p role="status">{t('tool.isDone', { date: formatDate(a.data.doneAt, locale) })}</p>}
      {done.isError && <ProblemNotice error={done.error} />}
    </article>
  );
}
