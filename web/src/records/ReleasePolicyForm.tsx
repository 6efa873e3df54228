/** For unit administrators: the unit's release policy per kind of result, and parents of young people. */
import { RECORD_CATEGORIES, type ReleaseMode, type ReleasePolicy } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiGet, apiPut } from '../api/client.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';

const MODES: ReleaseMode[] = ['automatic', 'manual_then_automatic', 'manual', 'never'];

export function ReleasePolicyForm({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  const policy = useQuery({ queryKey: ['records', 'policy', unitId], queryFn: () => apiGet<ReleasePolicy>(`/api/staff/units/${unitId}/records/policy`) });
  return (
    <section className="hd-panel" aria-labelledby="rel-policy">
      <Title id="rel-policy" htmlMarkup="h2" appearance="title3" margin={0}>
        {t('records.policy.title')}
      </Title>
      <p className="hd-help">{t('records.policy.lead')}</p>
      {policy.isPending ? (
        <PageLoader />
      ) : policy.isError ? (
        <ErrorPanel error={policy.error} headingLevel="h2" onRetry={() => void policy.refetch()} />
      ) : (
        <PolicyFields unitId={unitId} initial={policy.data} onSaved={() => void policy.refetch()} />
      )}
    </section>
  );
}

function PolicyFields({ unitId, initial, onSaved }: { unitId: string; initial: ReleasePolicy; onSaved: (p: ReleasePolicy) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [meta, setMeta] = useState(initial.parentsOfYouthMetadata);
  const [rows, setRows] = useState(() => new Map(initial.categories.map((c) => [c.category, { mode: c.mode, days: c.autoAfterDays ? String(c.autoAfterDays) : '7' }])));
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (p: ReleasePolicy) => apiPut<ReleasePolicy>(`/api/staff/units/${unitId}/records/policy`, p),
    onSuccess: (p) => {
      setSaved(true);
      onSaved(p);
      void qc.invalidateQueries({ queryKey: ['records', 'awaiting', unitId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const categories = RECORD_CATEGORIES.map((c) => {
      const r = rows.get(c) ?? { mode: 'automatic' as ReleaseMode, days: '7' };
      return { category: c, mode: r.mode, autoAfterDays: r.mode === 'manual_then_automatic' ? Number(r.days) : null };
    });
    if (categories.some((c) => c.autoAfterDays !== null && !(Number.isInteger(c.autoAfterDays) && c.autoAfterDays >= 1 && c.autoAfterDays <= 365)))
      return setError(t('records.policy.daysError'));
    setError(undefined);
    save.mutate({ parentsOfYouthMetadata: meta, categories });
  };
  return (
    <form onSubmit={submit} noValidate>
      {RECORD_CATEGORIES.map((c) => {
        const r = rows.get(c) ?? { mode: 'automatic' as ReleaseMode, days: '7' };
        const set = (v: Partial<typeof r>) => {
          setSaved(false);
          setRows(new Map(rows).set(c, { ...r, ...v }));
        };
        return (
          <div className="hd-field" key={c}>
            <Select selectId={`pol-${c}`} label={t(`records.category.${c}`)} value={r.mode} onChange={(e) => set({ mode: e.target.value as ReleaseMode })}>
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`records.policy.mode.${m}`)}
                </option>
              ))}
            </Select>
            {r.mode === 'manual_then_automatic' && (
              <Input inputId={`pol-${c}-days`} label={t('records.policy.days')} inputMode="numeric" width={6} value={r.days} onChange={(e) => set({ days: e.target.value })} errorText={error} error={!!error} />
            )}
          </div>
        );
      })}
      <Checkbox
        inputId="pol-meta"
        label={t('records.policy.parentsMeta')}
        checked={meta}
        onChange={(e) => {
          setSaved(false);
          setMeta(e.target.checked);
        }}
      />
      <ProblemNotice error={save.error} />
      {saved && (
        <p role="status" className="hd-muted">
          {t('records.policy.saved')}
        </p>
      )}
      <div className="hd-actions">
        <Button type="submit" disabled={save.isPending}>
          {t('records.policy.save')}
        </Button>
      </div>
    </form>
  );
}
