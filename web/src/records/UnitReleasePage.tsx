/** /clinician/units/:unitId/release — results and documents awaiting a clinician's release, with a short explanation. */
import Button from '@helsenorge/designsystem-react/components/Button';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { AwaitingRelease } from '@helsedialog/core';
import { apiPost } from '../api/client.ts';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import '../letters/letters.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { recordKeys, useAwaitingRelease } from './api.ts';
import { ReleasePolicyForm } from './ReleasePolicyForm.tsx';
import './records.scss';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { LoadMore } from '../components/LoadMore.tsx';

export function UnitReleasePage() {
  return (
    <RequireSession kind="staff">{() => <ReleaseOfUnit />}</RequireSession>
  );
}

function ReleaseOfUnit() {
  const { unitId = '' } = useParams();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  return (
    <>
      <Release unitId={unitId} unitName={unit?.name ?? ''} />
      {unit?.isAdmin && <ReleasePolicyForm unitId={unitId} />}
    </>
  );
}

function Release({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('records.staff.docTitle', { unit: unitName }));
  const list = useAwaitingRelease(unitId);
  const [released, setReleased] = useState(0);
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}`}>{unitName}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('records.staff.title')}
      </Title>
      <p className="hd-lead">{t('records.staff.intro')}</p>
      {released > 0 && (
        <p role="status" className="hd-muted">
          {t('records.staff.released')}
        </p>
      )}
      {list.isPending ? (
        <PageLoader />
      ) : !list.data ? (
        // No page yet (a later page's error keeps the list and shows under it: LoadMore).
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.pages[0]?.items.length === 0 ? (
        <p className="hd-empty">{t('records.staff.empty')}</p>
      ) : (
        <>
          <ul className="hd-records" aria-label={t('records.staff.title')}>
            {list.data.pages
              .flatMap((p) => p.items)
              .map((i) => (
                <ReleaseItem key={i.id} unitId={unitId} item={i} onReleased={() => setReleased((n) => n + 1)} />
              ))}
          </ul>
          <LoadMore query={list} label={t('records.more')} />
        </>
      )}
    </>
  );
}

function ReleaseItem({ unitId, item, onReleased }: { unitId: string; item: AwaitingRelease['items'][number]; onReleased: () => void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const release = useMutation({
    mutationFn: () => apiPost(`/api/staff/records/${item.id}/release`, note.trim() ? { note } : {}),
    onSuccess: () => {
      onReleased();
      void qc.invalidateQueries({ queryKey: recordKeys.awaiting(unitId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    release.mutate();
  };
  const headingId = `rel-${item.id}`;
  return (
    <li className="hd-records__item">
      <h2 id={headingId} className="hd-records__title">
        {item.title}
      </h2>
      <Tag color="neutral">{t(`records.category.${item.category}`)}</Tag>
      <p className="hd-records__meta">
        {t('records.staff.patient')}: {item.citizen.name} ({formatDate(item.citizen.birthDate, locale)}) · {t('records.staff.registered', { date: formatDateTime(item.registeredAt, locale, 'long') })}
        {item.autoReleaseAt ? ` · ${t('records.staff.autoAt', { date: formatDateTime(item.autoReleaseAt, locale, 'long') })}` : ` · ${t('records.staff.mode.manual')}`}
      </p>
      <form onSubmit={submit} noValidate aria-labelledby={headingId} style={{ flex: '1 1 100%' }}>
        <div className="hd-field">
          <Textarea textareaId={`note-${item.id}`} label={t('records.staff.note')} value={note} onChange={(e) => setNote(e.target.value)} maxCharacters={500} minRows={2} />
        </div>
        <ProblemNotice error={release.error} />
        <div className="hd-actions">
          <Button type="submit" disabled={release.isPending}>
            {t('records.staff.release')}
          </Button>
        </div>
      </form>
    </li>
  );
}
