/** /citizen/oppgaver — "Oppgaver": what the patient is asked to do, overdue first; done ones below. */
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import type { TaskItem } from '@helsedialog/core';
import { Link } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useTasks } from './api.ts';
import './tasks.scss';
import { formatDate } from '../lib/format.ts';

export function TasksPage() {
  return <RequireSession kind="citizen">{() => <Tasks />}</RequireSession>;
}

function Tasks() {
  const { t } = useI18n();
  useDocumentTitle(t('tasks.docTitle'));
  const tasks = useTasks();
  return (
    <>
      <BackLink to="/citizen">{t('tasks.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('tasks.title')}
      </Title>
      <p className="hd-lead">{t('tasks.intro')}</p>
      {tasks.isPending ? (
        <PageLoader />
      ) : tasks.isError ? (
        <ErrorPanel error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <>
          {tasks.data.overdue > 0 && (
            <p role="status">{tasks.data.overdue === 1 ? t('tasks.overdueOne') : t('tasks.overdueCount', { count: tasks.data.overdue })}</p>
          )}
          <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
            {t('tasks.open')}
          </Title>
          {tasks.data.open.length === 0 ? (
            <p className="hd-empty">{t('tasks.empty')}</p>
          ) : (
            <ul className="hd-tasks" aria-label={t('tasks.open')}>
              {tasks.data.open.map((task) => (
                <TaskRow key={`${task.kind}:${task.id}`} task={task} />
              ))}
            </ul>
          )}
          <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
            {t('tasks.done')}
          </Title>
          {tasks.data.done.length === 0 ? (
            <p className="hd-empty">{t('tasks.doneEmpty')}</p>
          ) : (
            <ul className="hd-tasks" aria-label={t('tasks.done')}>
              {tasks.data.done.map((task) => (
                <TaskRow key={`${task.kind}:${task.id}`} task={task} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function TaskRow({ task }: { task: TaskItem }) {
  const { t, locale } = useI18n();
  const overdue = task.doneAt === null && task.dueAt !== null && Date.parse(task.dueAt) < Date.now();
  return (
    <li className="hd-tasks__item">
      <Link className="hd-link hd-tasks__title" to={task.href}>
        {task.title}
      </Link>
      <Tag color="neutral">{t(`tasks.kind.${task.kind}`)}</Tag>
      {overdue && <Tag color="cherry">{t('tasks.overdue')}</Tag>}
      <p className="hd-tasks__meta">
        {t('tasks.from', { unit: task.unitName })}
        {' · '}
        {task.doneAt
          ? t('tasks.doneOn', { date: formatDate(task.doneAt, locale) })
          : task.dueAt
            ? t('tasks.due', { date: formatDate(task.dueAt, locale) })
            : t('tasks.noDue')}
      </p>
    </li>
  );
}
