/** /clinician/units/:unitId/patients — find a patient of the unit, open their "Pasient" page; register a health contact. */
import { RegisterContactPanel } from './HealthContactPanels.tsx';
import { isPatientQuery } from '@helsedialog/core/constants';
import Input from '@helsenorge/designsystem-react/components/Input';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useDeferredValue, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useUnitPatients, type UnitPatient } from '../api/representation.ts';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import './representation.scss';
import { formatDate } from '../lib/format.ts';

/** What the patient page needs from the search (the API has no "get one contact"). */
export interface PatientState {
  name: string;
  birthDate: string;
  citizenId: string;
}

/** The link to a patient's page, carrying name and birth date along. */
export function patientLink(unitId: string, p: Pick<UnitPatient, 'contactId' | 'name' | 'birthDate' | 'citizenId'>) {
  return {
    to: `/clinician/units/${unitId}/patients/${p.contactId}`,
    state: { name: p.name, birthDate: p.birthDate, citizenId: p.citizenId } satisfies PatientState,
  };
}

export function PatientSearchPage() {
  const { t } = useI18n();
  useDocumentTitle(t('pat.search.docTitle'));
  return <RequireSession kind="staff">{() => <PatientSearch />}</RequireSession>;
}

function PatientSearch() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const unit = units.data?.items.find((u) => u.id === unitId);
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q);
  const hits = useUnitPatients(unitId, deferred);
  const searching = isPatientQuery(deferred);
  return (
    <>
      <BackLink to="/clinician">{t('clinician.units.title')}</BackLink>
      {unit && <p className="hd-greeting">{unit.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('pat.search.title')}
      </Title>
      <p className="hd-lead">{t('pat.search.lead')}</p>
      <div className="hd-rep-field">
        <Input
          inputId="patient-search"
          type="search"
          label={t('pat.search.label')}
          aria-describedby="patient-search-help"
          autoComplete="off"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <p className="hd-rep-help" id="patient-search-help">
          {t('pat.search.help')}
        </p>
      </div>
      <div aria-live="polite">
        {searching && hits.isPending && <PageLoader />}
        {hits.isError && <ErrorPanel error={hits.error} />}
        {searching && hits.data && hits.data.items.length === 0 && <p>{t('pat.search.none')}</p>}
        {searching && hits.data && hits.data.items.length > 0 && (
          <ul className="hd-pat-hits">
            {hits.data.items.map((p) => {
              const link = patientLink(unitId, p);
              return (
                <li key={p.contactId}>
                  <Link className="hd-link" to={link.to} state={link.state}>
                    {p.name}
                  </Link>{' '}
                  <span className="hd-muted">{t('pat.born', { date: formatDate(p.birthDate, locale) })}</span>
                  {p.status === 'previous' && <span className="hd-muted"> · {t('pat.search.previous')}</span>}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <RegisterContactPanel unitId={unitId} unitKind={unit?.kind} />
    </>
  );
}
