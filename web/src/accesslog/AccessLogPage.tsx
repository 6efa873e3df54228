/**
 * /citizen/innsyn — the access log (logginnsyn): who looked at or changed the person's data —
 * health personnel, record systems, those acting on their behalf — newest first, "Vis flere"
 * keyset paging. Times in Oslo time.
 */
import Title from '@helsenorge/designsystem-react/components/Title';
import type { AccessLogEntry } from '@helsedialog/core';
import { useAccessLog } from '../api/representation.ts';
import type { Me } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n, type TranslateFn } from '../i18n/i18n-context.ts';
import type { MessageKey } from '../i18n/nb.ts';
import { representationNb } from '../i18n/representation.nb.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import '../representation/representation.scss';
import { formatDateTime } from '../lib/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';

function has(key: string): key is MessageKey {
  return Object.hasOwn(representationNb, key);
}

/** "Åpnet en samtale" for thread.read; the raw code for actions we have no text for. */
export function actionLabel(t: TranslateFn, action: string): string {
  const key = `log.action.${action}`;
  if (has(key)) return t(key);
  if (action.startsWith('appointment')) return t('log.action.otherAppointment', { code: action });
  if (action.startsWith('letter')) return t('log.action.otherLetter', { code: action });
  return action;
}

/** "Lege", "Forelder", … or the raw role. */
export function roleLabel(t: TranslateFn, role: string | null): string | null {
  if (!role) return null;
  const key = `log.role.${role}`;
  return has(key) ? t(key) : role;
}

function kindLabel(t: TranslateFn, kind: AccessLogEntry['actor']['kind']): string {
  const key = `log.kind.${kind}`;
  return has(key) ? t(key) : kind;
}

export function AccessLogPage() {
  const { t } = useI18n();
  useDocumentTitle(t('log.docTitle'));
  return <RequireSession kind="citizen">{(me) => <AccessLog me={me} />}</RequireSession>;
}

function AccessLog({ me }: { me: Me }) {
  const { t } = useI18n();
  const log = useAccessLog(20);
  const subject = me.actingFor && me.actingFor.id !== me.person.id ? me.actingFor.name : null;
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {subject ? t('log.titleFor', { name: subject }) : t('log.title')}
      </Title>
      <p className="hd-lead">{t('log.lead')}</p>
      {log.isPending ? (
        <PageLoader />
      ) : !log.data ? (
        <ErrorPanel error={log.error} onRetry={() => void log.refetch()} />
      ) : items.length === 0 ? (
        <p className="hd-empty__title">{t('log.empty')}</p>
      ) : (
        <>
          <div className="hd-log-head" aria-hidden="true">
            <span>{t('log.when')}</span>
            <span>{t('log.what')}</span>
            <span>
              {t('log.who')} / {t('log.unit')}
            </span>
          </div>
          <ul className="hd-log">
            {items.map((e) => (
              <LogEntry key={e.id} entry={e} subject={subject} />
            ))}
          </ul>
          <p className="hd-visually-hidden" role="status">
            {t('log.count', { count: items.length })}
          </p>
          <LoadMore query={log} label={t('log.more')} loadingLabel={t('log.loadingMore')} />
        </>
      )}
    </>
  );
}

function LogEntry({ entry: e, subject }: { entry: AccessLogEntry; subject: string | null }) {
  const { t, locale } = useI18n();
  const role = roleLabel(t, e.actor.role);
  // Someone acting for the person: say how (parent, power of attorney) and that it was on their behalf.
  const onBehalf = e.actor.kind === 'representative' ? (subject ? t('log.onBehalfOf', { name: subject }) : t('log.kind.representative').toLowerCase()) : null;
  return (
    <li className="hd-log-entry">
      <p className="hd-log-entry__when">
        <span className="hd-log-entry__label">{t('log.when')}: </span>
        <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
      </p>
      <p className="hd-log-entry__what">{actionLabel(t, e.action)}</p>
      <div>
        <p className="hd-log-entry__who">
          <span className="hd-log-entry__label">{t('log.who')}: </span>
          <strong>{e.actor.name}</strong>
          <span className="hd-log-entry__role">
            {' · '}
            {role ?? kindLabel(t, e.actor.kind)}
            {role && onBehalf && ` (${onBehalf})`}
          </span>
        </p>
        {e.unit?.name && (
          <p className="hd-log-entry__unit">
            <span className="hd-log-entry__label">{t('log.unit')}: </span>
            {e.unit.name}
          </p>
        )}
      </div>
    </li>
  );
}
