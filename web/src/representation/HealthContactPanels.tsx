/**
 * A patient's health contact with the unit, registered and ended by staff (clinicians and unit
 * administrators; the server's requireContactRegistrar decides): *Registrer helsekontakt* on the
 * patient search page (POST /api/staff/units/:unitId/contacts) and *Avslutt helsekontakten* on
 * the patient's page (POST /api/staff/contacts/:contactId/end). Docs: docs/dialog-rules.md.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client.ts';
import { useMembers } from '../api/dialog.ts';
import { representationKeys } from '../api/representation.ts';
import type { UnitKind } from '../api/types.ts';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useI18n } from '../i18n/i18n-context.ts';

type Source = 'care_right' | 'municipal_service' | 'manual' | 'gp_list';
interface Registered {
  id: string;
  citizenId: string;
  name: string;
}

/** Register a health contact for a person known to helsedialog, by national id. */
export function RegisterContactPanel({ unitId, unitKind }: { unitId: string; unitKind: UnitKind | undefined }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const doctors = (useMembers(unitId).data?.items ?? []).filter((m) => m.role === 'doctor');
  const sources: Source[] = unitKind === 'gp_office' ? ['gp_list', 'manual'] : ['care_right', 'municipal_service', 'manual'];
  const [nationalId, setNationalId] = useState('');
  const [source, setSource] = useState<Source | ''>('');
  const [endsOn, setEndsOn] = useState('');
  const [gp, setGp] = useState('');
  const register = useMutation({
    mutationFn: () =>
      apiPost<Registered>(`/api/staff/units/${unitId}/contacts`, {
        nationalId: nationalId.trim(),
        source: source || sources[0],
        endsOn: endsOn || null,
        gpStaffId: gp || null,
      }),
    onSuccess: () => {
      setNationalId('');
      setEndsOn('');
      void qc.invalidateQueries({ queryKey: ['representation', 'staff', 'patients', unitId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate();
  };
  return (
    <section className="hd-rep-section" aria-labelledby="contact-register">
      <Title htmlMarkup="h2" appearance="title3" id="contact-register" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('pat.contact.register.title')}
      </Title>
      <p>{t('pat.contact.register.lead')}</p>
      <form onSubmit={submit} noValidate>
        <div className="hd-rep-field">
          <Input inputId="contact-fnr" label={t('pat.contact.nationalId')} inputMode="numeric" autoComplete="off" value={nationalId} onChange={(e) => setNationalId(e.target.value)} />
        </div>
        <div className="hd-rep-field">
          <Select selectId="contact-source" label={t('pat.contact.source')} value={source || sources[0]} onChange={(e) => setSource(e.target.value as Source)}>
            {sources.map((s) => (
              <option key={s} value={s}>
                {t(`contactSource.${s}`)}
              </option>
            ))}
          </Select>
        </div>
        {doctors.length > 0 && (
          <div className="hd-rep-field">
            <Select selectId="contact-gp" label={t('pat.contact.gp')} value={gp} onChange={(e) => setGp(e.target.value)}>
              <option value="">{t('pat.contact.gpNone')}</option>
              {doctors.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          </div>
        )}
        <div className="hd-rep-field">
          <Input inputId="contact-ends" type="date" label={t('pat.contact.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
        </div>
        <Button type="submit" disabled={register.isPending || !nationalId.trim()}>
          {t('pat.contact.register.submit')}
        </Button>
      </form>
      {register.data && (
        <p role="status" className="hd-rep-field">
          {t('pat.contact.registered', { name: register.data.name })}{' '}
          <Link className="hd-link" to={`/clinician/units/${unitId}/patients/${register.data.id}`}>
            {t('pat.contact.open')}
          </Link>
        </p>
      )}
      <ProblemNotice error={register.error} title={t('pat.contact.register.failed')} />
    </section>
  );
}

/** End an active health contact now (asks once more before it is done). */
export function EndContactPanel({ contactId, name }: { contactId: string; name: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const end = useMutation({
    mutationFn: () => apiPost(`/api/staff/contacts/${contactId}/end`),
    onSuccess: () => {
      setConfirming(false);
      void qc.invalidateQueries({ queryKey: representationKeys.contact(contactId) });
      void qc.invalidateQueries({ queryKey: ['representation', 'staff', 'patients'] });
    },
  });
  return (
    <section className="hd-rep-section" aria-labelledby="contact-end">
      <Title htmlMarkup="h2" appearance="title3" id="contact-end" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('pat.contact.end.title')}
      </Title>
      <p>{t('pat.contact.end.lead', { name })}</p>
      {confirming ? (
        <div className="hd-actions" role="group" aria-label={t('pat.contact.end.confirm')}>
          <p className="hd-panel-text">{t('pat.contact.end.confirm')}</p>
          <Button onClick={() => end.mutate()} disabled={end.isPending}>
            {t('pat.contact.end.now')}
          </Button>
          <Button variant="outline" onClick={() => setConfirming(false)}>
            {t('pat.contact.end.cancel')}
          </Button>
        </div>
      ) : (
        <Button variant="outline" onClick={() => setConfirming(true)}>
          {t('pat.contact.end.button')}
        </Button>
      )}
      <ProblemNotice error={end.error} title={t('pat.contact.end.failed')} />
    </section>
  );
}
