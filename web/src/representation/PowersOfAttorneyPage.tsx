/**
 * /citizen/fullmakt — powers of attorney: those given and those received, give a new one
 * (only as oneself: holder's national id, areas or all, optional end date), end one (either side).
 */
import { isValidNationalId } from '@helsedialog/core/constants';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import classNames from 'classnames';
import { useId, useState, type FormEvent } from 'react';
import type { PoaArea, PowerOfAttorney } from '@helsedialog/core';
import { useCapability, usePoaMutations, usePowersOfAttorney } from '../api/representation.ts';
import type { Me } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useSwitchPerson } from './RepresentationBar.tsx';
import './representation.scss';
import { formatDate } from '../lib/format.ts';
import { todayOslo } from '../lib/oslo-days.ts';

const AREAS: PoaArea[] = ['dialog', 'appointments', 'documents', 'all'];

export function PowersOfAttorneyPage() {
  const { t } = useI18n();
  useDocumentTitle(t('poa.docTitle'));
  return <RequireSession kind="citizen">{(me) => <PowersOfAttorney me={me} />}</RequireSession>;
}

function PowersOfAttorney({ me }: { me: Me }) {
  const { t } = useI18n();
  const list = usePowersOfAttorney();
  const acting = !!me.actingFor && me.actingFor.id !== me.person.id;
  // The server's access policy decides who may give one (16 or older, as oneself); its reason is shown.
  const give = useCapability('power_of_attorney');
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('poa.title')}
      </Title>
      <p className="hd-lead">{t('poa.lead')}</p>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <section className="hd-rep-section" aria-labelledby="poa-given">
            <Title htmlMarkup="h2" appearance="title3" id="poa-given" margin={{ marginTop: 0, marginBottom: 0.5 }}>
              {t('poa.given.title')}
            </Title>
            {list.data.given.length === 0 ? <p>{t('poa.given.empty')}</p> : <PoaList items={list.data.given} side="given" />}
          </section>
          <section className="hd-rep-section" aria-labelledby="poa-give">
            <Title htmlMarkup="h2" appearance="title3" id="poa-give" margin={{ marginTop: 0, marginBottom: 0.5 }}>
              {t('poa.give.title')}
            </Title>
            {acting ? <OnlyAsSelf me={me} /> : give?.see === false ? <NotAllowed code={give.code} /> : <GiveForm />}
          </section>
          <section className="hd-rep-section" aria-labelledby="poa-received">
            <Title htmlMarkup="h2" appearance="title3" id="poa-received" margin={{ marginTop: 0, marginBottom: 0.5 }}>
              {t('poa.received.title')}
            </Title>
            {list.data.received.length === 0 ? <p>{t('poa.received.empty')}</p> : <PoaList items={list.data.received} side="received" />}
          </section>
        </>
      )}
    </>
  );
}

/** The server's reason, in the page's language, for not offering the form. */
function NotAllowed({ code }: { code: string | null }) {
  const { t } = useI18n();
  return (
    <NotificationPanel variant="info" label={t(code === 'TOO_YOUNG' ? 'problem.TOO_YOUNG' : 'problem.SELF_ONLY')} labelHtmlMarkup="span">
      {t('poa.give.tooYoungHelp')}
    </NotificationPanel>
  );
}

function OnlyAsSelf({ me }: { me: Me }) {
  const { t } = useI18n();
  const switchPerson = useSwitchPerson();
  return (
    <NotificationPanel variant="info" label={t('poa.give.onlySelf')} labelHtmlMarkup="span">
      <Button variant="outline" disabled={switchPerson.isPending} onClick={() => switchPerson.mutate(me.person.id)}>
        {t('rep.banner.back')}
      </Button>
    </NotificationPanel>
  );
}

function statusOf(p: PowerOfAttorney): 'active' | 'revoked' | 'expired' | 'pending' {
  if (p.revokedAt) return 'revoked';
  if (p.active) return 'active';
  if (p.validUntil && new Date(p.validUntil).getTime() <= Date.now()) return 'expired';
  return 'pending';
}

function PoaList({ items, side }: { items: PowerOfAttorney[]; side: 'given' | 'received' }) {
  return (
    <ul className="hd-rep-list">
      {items.map((p) => (
        <li key={p.id}>
          <PoaCard poa={p} side={side} />
        </li>
      ))}
    </ul>
  );
}

function PoaCard({ poa, side }: { poa: PowerOfAttorney; side: 'given' | 'received' }) {
  const { t, locale } = useI18n();
  const { revoke } = usePoaMutations();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  const headingId = useId();
  const status = statusOf(poa);
  const other = side === 'given' ? poa.holder.name : poa.grantor.name;
  const ended = status === 'revoked' || status === 'expired';
  return (
    <article className={classNames('hd-rep-card', { 'hd-rep-card--ended': ended })} aria-labelledby={headingId}>
      <div className="hd-rep-card__head">
        <h3 className="hd-rep-card__title" id={headingId}>
          {side === 'given' ? t('poa.to', { name: other }) : t('poa.from', { name: other })}
        </h3>
        <span className={classNames('hd-rep-status', { 'hd-rep-status--active': status === 'active' })}>{t(`poa.status.${status}`)}</span>
      </div>
      <dl className="hd-rep-card__facts">
        <dt>{t('poa.areas')}</dt>
        <dd>{poa.areas.map((a) => t(`poa.area.${a}`)).join(', ')}</dd>
        <dt>{t('poa.validFrom')}</dt>
        <dd>{formatDate(poa.validFrom, locale)}</dd>
        {(!poa.revokedAt || poa.validUntil) && (
          <>
            <dt>{t('poa.validUntil')}</dt>
            <dd>{poa.validUntil ? formatDate(poa.validUntil, locale) : t('poa.noEnd')}</dd>
          </>
        )}
        {poa.revokedAt && (
          <>
            <dt>{t('poa.revokedAt')}</dt>
            <dd>{formatDate(poa.revokedAt, locale)}</dd>
          </>
        )}
      </dl>
      {done && (
        <p role="status" className="hd-panel-text">
          {t('poa.revoked')}
        </p>
      )}
      {!poa.revokedAt && status !== 'expired' && (
        <div className="hd-rep-card__actions">
          {confirming ? (
            <>
              <p className="hd-panel-text" id={`${headingId}-confirm`}>
                {t('poa.revokeConfirm')}
              </p>
              <Button
                concept="destructive"
                aria-describedby={`${headingId}-confirm`}
                disabled={revoke.isPending}
                onClick={() =>
                  revoke.mutate(poa.id, {
                    onSuccess: () => {
                      setConfirming(false);
                      setDone(true);
                    },
                  })
                }
              >
                {revoke.isPending ? t('poa.revoking') : t('poa.revokeYes')}
              </Button>
              <Button variant="borderless" onClick={() => setConfirming(false)} disabled={revoke.isPending}>
                {t('poa.revokeNo')}
              </Button>
            </>
          ) : (
            <Button variant="outline" aria-label={t('poa.revokeFor', { name: other })} onClick={() => setConfirming(true)}>
              {t('poa.revoke')}
            </Button>
          )}
        </div>
      )}
      {revoke.isError && <ErrorPanel error={revoke.error} title={t('poa.revokeError')} />}
    </article>
  );
}

function GiveForm() {
  const { t } = useI18n();
  const { give } = usePoaMutations();
  const [holder, setHolder] = useState('');
  const [areas, setAreas] = useState<PoaArea[]>([]);
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<{ holder?: string; areas?: string; until?: string }>({});
  const [given, setGiven] = useState<string | null>(null);
  const today = todayOslo();

  const toggle = (a: PoaArea, on: boolean) => setAreas((cur) => (on ? [...cur.filter((x) => x !== a), a] : cur.filter((x) => x !== a)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = holder.replace(/\s+/g, '');
    const next: typeof errors = {};
    if (!isValidNationalId(id)) next.holder = t('poa.validate.holder');
    if (areas.length === 0) next.areas = t('poa.validate.areas');
    if (until && until <= today) next.until = t('poa.validate.date');
    setErrors(next);
    setGiven(null);
    if (Object.keys(next).length) {
      document.getElementById(next.holder ? 'poa-holder' : next.areas ? 'poa-area-dialog' : 'poa-until')?.focus();
      return;
    }
    give.mutate(
      { holderNationalId: id, areas: areas.includes('all') ? ['all'] : areas, validUntil: until || null },
      {
        onSuccess: (poa) => {
          setGiven(poa.holder.name);
          setHolder('');
          setAreas([]);
          setUntil('');
        },
      },
    );
  };

  const all = areas.includes('all');
  return (
    <form className="hd-rep-form" onSubmit={submit} noValidate>
      {given && (
        <div className="hd-rep-field" role="status">
          <NotificationPanel variant="success" label={t('poa.give.done', { name: given })} labelHtmlMarkup="span" />
        </div>
      )}
      <div className="hd-rep-field">
        <Input
          inputId="poa-holder"
          label={t('poa.give.holder')}
          aria-describedby="poa-holder-help"
          inputMode="numeric"
          autoComplete="off"
          value={holder}
          onChange={(e) => setHolder(e.target.value)}
          errorText={errors.holder}
          error={!!errors.holder}
        />
        <p className="hd-rep-help" id="poa-holder-help">
          {t('poa.give.holderHelp')}
        </p>
      </div>
      <div className="hd-rep-field">
        <FormGroup legend={t('poa.give.areas')} error={errors.areas}>
          {AREAS.map((a) => (
            <Checkbox
              key={a}
              inputId={`poa-area-${a}`}
              name="poa-area"
              value={a}
              label={t(`poa.area.${a}`)}
              checked={a === 'all' ? all : all || areas.includes(a)}
              disabled={a !== 'all' && all}
              onChange={(e) => toggle(a, e.target.checked)}
            />
          ))}
        </FormGroup>
      </div>
      <div className="hd-rep-field">
        <Input
          inputId="poa-until"
          type="date"
          label={t('poa.give.endDate')}
          aria-describedby="poa-until-help"
          min={today}
          value={until}
          onChange={(e) => setUntil(e.target.value)}
          errorText={errors.until}
          error={!!errors.until}
        />
        <p className="hd-rep-help" id="poa-until-help">
          {t('poa.give.endDateHelp')}
        </p>
      </div>
      {give.isError && (
        <div className="hd-rep-field">
          <ErrorPanel error={give.error} title={t('poa.give.error')} />
        </div>
      )}
      <Button type="submit" disabled={give.isPending}>
        {give.isPending ? t('poa.give.submitting') : t('poa.give.submit')}
      </Button>
    </form>
  );
}
