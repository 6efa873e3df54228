/** The unit's appointment services (what citizens may do) and the cancellation cut-off; administrators change them. */
import type { AppointmentSettings } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.ts';
import { apptKeys, saveSettings } from '../api.ts';
import { Done, Problem } from '../parts.tsx';

const FLAGS = ['timebestilling', 'timeonske', 'timevisning', 'avbestilling'] as const;

export function SettingsSection({ unitId, initial, isAdmin }: { unitId: string; initial: AppointmentSettings; isAdmin: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [v, setV] = useState(initial);
  const save = useMutation({
    mutationFn: () => saveSettings(unitId, v),
    onSuccess: (s) => qc.setQueryData(apptKeys.unit(unitId), (old: object | undefined) => (old ? { ...old, settings: s } : old)),
  });
  return (
    <section className="hd-appt-panel" aria-labelledby="set-h">
      <Title id="set-h" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('appt.settings.title')}
      </Title>
      {!isAdmin && <p className="hd-panel-text">{t('appt.settings.adminOnly')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {FLAGS.map((f) => (
          <Checkbox
            key={f}
            inputId={`svc-${f}`}
            label={t(`appt.service.${f}`)}
            checked={v[f]}
            disabled={!isAdmin}
            onChange={(e) => setV({ ...v, [f]: e.target.checked })}
          />
        ))}
        <div className="hd-appt-native" style={{ marginTop: '1rem', maxWidth: '14rem' }}>
          <label htmlFor="svc-cutoff">{t('appt.settings.cutoff')}</label>
          <input
            id="svc-cutoff"
            type="number"
            min={0}
            max={336}
            value={v.cutoffHours}
            disabled={!isAdmin}
            onChange={(e) => setV({ ...v, cutoffHours: Number(e.target.value) })}
          />
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="svc-dropin"
            label={t('appt.settings.dropIn')}
            value={v.dropInUrl ?? ''}
            disabled={!isAdmin}
            onChange={(e) => setV({ ...v, dropInUrl: e.target.value.trim() || null })}
            autoComplete="off"
          />
        </div>
        <Problem error={save.error} />
        {save.isSuccess && <Done>{t('appt.settings.saved')}</Done>}
        {isAdmin && (
          <Button type="submit" disabled={save.isPending}>
            {t('appt.settings.save')}
          </Button>
        )}
      </form>
    </section>
  );
}
