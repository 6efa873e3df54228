import Badge from '@helsenorge/designsystem-react/components/Badge';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import { Link } from 'react-router';
import type { StaffUnit } from '../api/types.ts';
import { useT } from '../i18n/i18n-context.ts';
import { UnitAppointmentsLink } from '../appointments/links.tsx';
import { UnitJournalLink } from '../journal/links.tsx';
import { UnitLettersLink } from '../letters/links.tsx';
import { UnitReleaseLink } from '../records/links.tsx';
import { UnitFormsLink } from '../forms/links.tsx';
import { UnitPatientsLink } from '../representation/links.tsx';
import { UnitStatisticsLink } from '../statistics/links.tsx';
import { UnitCampaignLinks } from '../campaigns/parts.tsx';

/** One unit: name, kind, organisation, the person's role there and whether they administer it. */
export function UnitCard({ unit }: { unit: StaffUnit }) {
  const t = useT();
  return (
    <article className="hd-card">
      <div className="hd-card__head">
        <Title htmlMarkup="h2" appearance="title4" margin={0}>
          {unit.name}
        </Title>
        <Tag color="blueberry">{t(`unitKind.${unit.kind}`)}</Tag>
        {unit.isAdmin && <Badge color="blueberry">{t('clinician.units.admin')}</Badge>}
      </div>
      <dl className="hd-facts">
        <div>
          <dt>{t('clinician.units.organisation')}</dt>
          <dd>{unit.organisationName}</dd>
        </div>
        <div>
          <dt>{t('clinician.units.role')}</dt>
          <dd>{t(`staffRole.${unit.role}`)}</dd>
        </div>
      </dl>
      <p className="hd-card__links">
        <Link className="hd-link" to={`/clinician/units/${unit.id}`}>
          {t('dialog.unitCard.inbox')}
          <span className="hd-visually-hidden"> – {unit.name}</span>
        </Link>
        <Link className="hd-link" to={`/clinician/units/${unit.id}/services`}>
          {t('dialog.unitCard.services')}
          <span className="hd-visually-hidden"> – {unit.name}</span>
        </Link>
        <Link className="hd-link" to={`/clinician/units/${unit.id}/rules`}>
          {t('rules.link')}
          <span className="hd-visually-hidden"> – {unit.name}</span>
        </Link>
        <UnitAppointmentsLink unitId={unit.id} unitName={unit.name} />
        <UnitLettersLink unitId={unit.id} unitName={unit.name} />
        <UnitReleaseLink unitId={unit.id} unitName={unit.name} />
        <UnitFormsLink unitId={unit.id} unitName={unit.name} />
        <UnitPatientsLink unitId={unit.id} unitName={unit.name} />
        <UnitCampaignLinks unitId={unit.id} unitName={unit.name} />
        {unit.isAdmin && <UnitJournalLink unitId={unit.id} unitName={unit.name} />}
        <UnitStatisticsLink unitId={unit.id} unitName={unit.name} isAdmin={unit.isAdmin} />
      </p>
    </article>
  );
}
