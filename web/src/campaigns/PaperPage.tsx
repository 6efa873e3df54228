/**
 * /clinician/units/:unitId/not-read — "Ikke lest": what the unit sent that is unread after the
 * unit's days per kind, the unit's rules (administrators change them), and the paper list with
 * its printable PDF batch (all, or one campaign's with ?campaignId=).
 */
import type { UnreadRule } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { campaignKeys, saveRules, useNotRead, usePaper } from './api.ts';
import './campaigns.scss';
import { formatDate, formatDateTime } from '../lib/format.ts';

export function PaperPage() {
  return <RequireSession kind="staff">{() => <Paper />}</RequireSession>;
}

function Paper() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const [search] = useSearchParams();
  const campaignId = search.get('campaignId') ?? undefined;
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('paper.docTitle', { unit: unit?.name ?? '' }));
  const notRead = useNotRead(unitId);
  const paper = usePaper(unitId, campaignId);
  const pdfHref = `/api/staff/units/${unitId}/paper.pdf${campaignId ? `?campaignId=${campaignId}` : ''}`;
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/campaigns`}>{t('campaigns.back.list')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('paper.title')}
      </Title>

      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('paper.notRead.title')}
      </Title>
      <p className="hd-lead">{t('paper.notRead.lead')}</p>
      {notRead.isPending ? (
        <PageLoader />
      ) : notRead.isError ? (
        <ErrorPanel error={notRead.error} onRetry={() => void notRead.refetch()} />
      ) : (
        <>
          <p className="hd-muted">
            {notRead.data.rules
              .map((r) => t('paper.rules.current', { kind: t(`paper.kind.${r.kind}`), days: r.days, paper: r.toPaper ? t('paper.rules.paperOn') : '' }))
              .join(' · ')}
          </p>
          {notRead.data.items.length === 0 ? (
            <p className="hd-empty">{t('paper.notRead.empty')}</p>
          ) : (
            <table className="hd-camp-table" data-testid="not-read">
              <caption>{t('paper.notRead.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('campaigns.col.patient')}</th>
                  <th scope="col">{t('paper.col.kind')}</th>
                  <th scope="col">{t('paper.col.title')}</th>
                  <th scope="col">{t('paper.col.sent')}</th>
                  <th scope="col">{t('paper.col.days')}</th>
                </tr>
              </thead>
              <tbody>
                {notRead.data.items.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.name}
                      <br />
                      <span className="hd-muted">{formatDate(i.birthDate, locale)}</span>
                    </td>
                    <td>{t(`paper.kind.${i.kind}`)}</td>
                    <td>
                      {i.threadId ? (
                        <Link className="hd-link" to={`/clinician/threads/${i.threadId}`}>
                          {i.title}
                        </Link>
                      ) : (
                        i.title
                      )}
                    </td>
                    <td>{formatDateTime(i.sentAt, locale, 'long')}</td>
                    <td>{i.days}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {unit?.isAdmin ? <Rules unitId={unitId} rules={notRead.data.rules} /> : <p className="hd-help">{t('paper.rules.adminOnly')}</p>}
        </>
      )}

      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1.5, marginBottom: 0.5 }}>
        {t('paper.list.title')}
      </Title>
      <p className="hd-lead">{t('paper.list.lead')}</p>
      {paper.isPending ? (
        <PageLoader />
      ) : paper.isError ? (
        <ErrorPanel error={paper.error} onRetry={() => void paper.refetch()} />
      ) : paper.data.items.length === 0 ? (
        <p className="hd-empty">{t('paper.list.empty')}</p>
      ) : (
        <>
          <p className="hd-shortcuts">
            <a className="hd-link" href={pdfHref} download>
              {t('paper.list.pdf')}
            </a>
          </p>
          <p className="hd-help">{t('paper.list.pdfHelp')}</p>
          <table className="hd-camp-table" data-testid="paper">
            <caption>{t('paper.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.col.patient')}</th>
                <th scope="col">{t('paper.col.title')}</th>
                <th scope="col">{t('paper.list.reason')}</th>
                <th scope="col">{t('paper.list.printed')}</th>
              </tr>
            </thead>
            <tbody>
              {paper.data.items.map((p) => (
                <tr key={`${p.source}-${p.id}`}>
                  <td>
                    {p.name}
                    <br />
                    <span className="hd-muted">{formatDate(p.birthDate, locale)}</span>
                  </td>
                  <td>
                    {p.title}
                    <br />
                    <span className="hd-muted">{p.source === 'campaign' ? t('paper.source.campaign') : t(`paper.kind.${p.source}`)}</span>
                  </td>
                  <td>{t(`paper.reason.${p.reason}`)}</td>
                  <td>{p.printedAt ? formatDateTime(p.printedAt, locale, 'long') : t('campaigns.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function Rules({ unitId, rules }: { unitId: string; rules: UnreadRule[] }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [draft, setDraft] = useState(rules);
  const save = useMutation({
    mutationFn: () => saveRules(unitId, draft),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: campaignKeys.notRead(unitId) });
      void qc.invalidateQueries({ queryKey: campaignKeys.notReadCount(unitId) });
      void qc.invalidateQueries({ queryKey: campaignKeys.paper(unitId) });
    },
  });
  const set = (kind: UnreadRule['kind'], patch: Partial<UnreadRule>) => setDraft((d) => d.map((r) => (r.kind === kind ? { ...r, ...patch } : r)));
  return (
    <section aria-labelledby="rules-title" className="hd-camp-field">
      <Title id="rules-title" htmlMarkup="h3" appearance="title4" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('paper.rules.title')}
      </Title>
      {draft.map((r) => (
        <div key={r.kind} className="hd-camp-field">
          <Input
            inputId={`rule-${r.kind}`}
            type="number"
            min={1}
            max={60}
            label={t('paper.rules.days', { kind: t(`paper.kind.${r.kind}`).toLowerCase() })}
            value={String(r.days)}
            onChange={(e) => set(r.kind, { days: Math.max(1, Math.min(60, Number(e.target.value) || 1)) })}
          />
          <Checkbox inputId={`paper-${r.kind}`} label={t('paper.rules.toPaper', { kind: t(`paper.kind.${r.kind}`).toLowerCase() })} checked={r.toPaper} onChange={(e) => set(r.kind, { toPaper: e.target.checked })} />
        </div>
      ))}
      <Button variant="outline" disabled={save.isPending} onClick={() => save.mutate()}>
        {t('paper.rules.save')}
      </Button>
      {save.isSuccess && <p role="status">{t('paper.rules.saved')}</p>}
      {save.isError && <ErrorPanel error={save.error} />}
    </section>
  );
}
