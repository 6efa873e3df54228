/**
 * /clinician/units/:unitId/forms — the unit's form library: import a FHIR Questionnaire (file or
 * paste; the same url becomes a new version), preview each version as the patient will see it,
 * retire, and put a form in front of a service. Changing needs the unit-administrator flag.
 */
import { FORM_SERVICES, type FormSummary } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formKeys, importForm, retireForm, setServiceForm, useForm, useLibrary, useServiceForms } from './api.ts';
import { formatDate } from '../lib/format.ts';
// The renderer (refero) is large: the library loads it only when a form is previewed.
const FormRenderer = lazy(() => import('./FormRenderer.tsx').then((m) => ({ default: m.FormRenderer })));

export function FormLibraryPage() {
  return <RequireSession kind="staff">{() => <Library />}</RequireSession>;
}

function Library() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  const library = useLibrary(unitId);
  const [preview, setPreview] = useState<string | undefined>();
  useDocumentTitle(t('forms.library.docTitle'));
  const admin = !!unit?.isAdmin;
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/form-requests`}>{t('forms.back.requests')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('forms.library.title')}
      </Title>
      <p className="hd-lead">{t('forms.library.intro')}</p>
      {library.isPending ? (
        <PageLoader />
      ) : library.isError ? (
        <ErrorPanel error={library.error} onRetry={() => void library.refetch()} />
      ) : library.data.items.length === 0 ? (
        <p className="hd-empty">{t('forms.library.empty')}</p>
      ) : (
        <ul className="hd-forms" aria-label={t('forms.library.title')}>
          {library.data.items.map((f) => (
            <FormRow key={f.id} f={f} admin={admin} unitId={unitId} open={preview === f.id} onToggle={() => setPreview(preview === f.id ? undefined : f.id)} />
          ))}
        </ul>
      )}
      {admin ? (
        <>
          <Import unitId={unitId} />
          {library.data && <ServiceForms unitId={unitId} forms={library.data.items} />}
        </>
      ) : (
        <p className="hd-help">{t('forms.library.adminOnly')}</p>
      )}
    </>
  );
}

function FormRow({ f, admin, unitId, open, onToggle }: { f: FormSummary; admin: boolean; unitId: string; open: boolean; onToggle: () => void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const detail = useForm(open ? f.id : undefined);
  const [version, setVersion] = useState<string | undefined>();
  const retire = useMutation({
    mutationFn: () => retireForm(f.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: formKeys.all }),
  });
  const shown = detail.data?.versionList.find((v) => v.id === version) ?? detail.data?.versionList[0];
  return (
    <li className="hd-forms__item">
      <span className="hd-forms__title">{f.title}</span>
      <span>{t(f.purpose === 'triage' ? 'forms.purpose.triage' : 'forms.purpose.general')}</span>
      <p className="hd-forms__meta">{t('forms.library.version', { version: f.latest.version, count: f.versions, date: formatDate(f.latest.createdAt, locale, 'medium') })}</p>
      <div className="hd-form-actions">
        <Button variant="borderless" onClick={onToggle} aria-expanded={open}>
          {open ? t('forms.library.hidePreview') : t('forms.library.preview')}
        </Button>
        {admin && (
          <Button variant="borderless" concept="destructive" disabled={retire.isPending} onClick={() => retire.mutate()}>
            {t('forms.library.retire')}
          </Button>
        )}
      </div>
      {retire.isError && <ErrorPanel error={retire.error} />}
      {open && detail.data && shown && (
        <div style={{ flexBasis: '100%' }}>
          {detail.data.versionList.length > 1 && (
            <Select label={t('forms.library.chooseVersion')} value={shown.id} onChange={(e) => setVersion(e.target.value)}>
              {detail.data.versionList.map((v) => (
                <option key={v.id} value={v.id}>
                  {t('forms.library.versionOption', { version: v.version, date: formatDate(v.createdAt, locale, 'medium') })}
                </option>
              ))}
            </Select>
          )}
          <p className="hd-help">{t('forms.library.previewHelp')}</p>
          <Suspense fallback={<PageLoader />}>
            <FormRenderer key={shown.id} questionnaire={shown.questionnaire} readOnly />
          </Suspense>
        </div>
      )}
    </li>
  );
  void unitId;
}

function Import({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [purpose, setPurpose] = useState<'general' | 'triage'>('general');
  const [parseError, setParseError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (questionnaire: unknown) => importForm(unitId, { questionnaire, purpose }),
    onSuccess: (f) => {
      setDone(t(f.versions > 1 ? 'forms.import.newVersion' : 'forms.import.done', { title: f.title, version: f.latest.version }));
      setText('');
      void qc.invalidateQueries({ queryKey: formKeys.all });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    try {
      const q: unknown = JSON.parse(text);
      setParseError(null);
      run.mutate(q);
    } catch {
      setParseError(t('forms.import.notJson'));
    }
  };
  const readFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };
  const serverProblem = run.error instanceof ApiError && run.error.code === 'QUESTIONNAIRE_INVALID' ? run.error.detail : undefined;
  return (
    <form className="hd-form-import" onSubmit={submit} noValidate>
      <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 2, marginBottom: 0.5 }}>
        {t('forms.import.title')}
      </Title>
      <p>{t('forms.import.intro')}</p>
      <p>
        <label htmlFor="form-file">{t('forms.import.file')}</label>
        <br />
        <input id="form-file" type="file" accept="application/json,application/fhir+json,.json" onChange={(e) => void readFile(e.target.files?.[0])} />
      </p>
      <p>
        <label htmlFor="form-json">{t('forms.import.paste')}</label>
        <textarea id="form-json" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </p>
      <Select label={t('forms.import.purpose')} value={purpose} onChange={(e) => setPurpose(e.target.value as 'general' | 'triage')}>
        <option value="general">{t('forms.purpose.general')}</option>
        <option value="triage">{t('forms.purpose.triage')}</option>
      </Select>
      <div className="hd-form-actions">
        <Button type="submit" disabled={!text.trim() || run.isPending}>
          {t('forms.import.submit')}
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {done && <NotificationPanel variant="success">{done}</NotificationPanel>}
      </div>
      {parseError && <NotificationPanel variant="error">{parseError}</NotificationPanel>}
      {serverProblem ? (
        <NotificationPanel variant="error" label={t('forms.import.invalid')}>
          <p>{serverProblem}</p>
        </NotificationPanel>
      ) : (
        run.isError && <ErrorPanel error={run.error} />
      )}
    </form>
  );
}

function ServiceForms({ unitId, forms }: { unitId: string; forms: FormSummary[] }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const current = useServiceForms(unitId);
  const set = useMutation({
    mutationFn: ({ service, formId }: { service: string; formId: string | null }) => setServiceForm(unitId, service, formId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: formKeys.serviceForms(unitId) }),
  });
  if (!current.data) return null;
  return (
    <section aria-labelledby="service-forms-title">
      <Title id="service-forms-title" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 2, marginBottom: 0.5 }}>
        {t('forms.serviceForms.title')}
      </Title>
      <p>{t('forms.serviceForms.intro')}</p>
      {FORM_SERVICES.map((s) => (
        <Select
          key={s}
          label={t(`dialog.service.${s}`)}
          value={current.data.items.find((i) => i.service === s)?.formId ?? ''}
          disabled={set.isPending}
          onChange={(e) => set.mutate({ service: s, formId: e.target.value || null })}
        >
          <option value="">{t('forms.serviceForms.none')}</option>
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title}
            </option>
          ))}
        </Select>
      ))}
      {set.isError && <ErrorPanel error={set.error} />}
    </section>
  );
}
