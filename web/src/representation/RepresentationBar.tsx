/**
 * The representation bar under the header, for citizens: "Kari Nordmann på vegne av Ola Nordmann"
 * with "Tilbake til meg selv" while acting for someone, and the "Bytt person" chooser listing
 * oneself and everyone one may act for (child, power of attorney) with what it covers.
 * Choosing someone resets every query and goes to /citizen: nothing of the previous person stays.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import classNames from 'classnames';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { RepresentationItem } from '@helsedialog/core';
import { setActingFor, useRepresentations } from '../api/representation.ts';
import type { Me } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { dismissEndedNotice, useEndedNotice } from './ended.ts';
import { coversText } from './format.ts';
import './representation.scss';
import { formatDate } from '../lib/format.ts';

/** Switches whom the citizen acts for, then starts afresh on /citizen. */
export function useSwitchPerson() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (personId: string) => setActingFor(personId),
    onSuccess: async () => {
      dismissEndedNotice();
      await navigate('/citizen');
      // Every page and API call now acts for the chosen person: drop all data, refetch what is shown.
      await qc.resetQueries();
      document.getElementById('main')?.focus();
    },
  });
}

/** Mounted in the header for citizens. */
export function RepresentationBar({ me }: { me: Me }) {
  const { t } = useI18n();
  const reps = useRepresentations(me.kind === 'citizen');
  const ended = useEndedNotice();
  const switchPerson = useSwitchPerson();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);

  if (me.kind !== 'citizen') return null;
  const acting = me.actingFor && me.actingFor.id !== me.person.id ? me.actingFor : null;
  const items = reps.data?.items ?? [];
  const canSwitch = items.length > 1 || !!acting;
  if (!acting && !canSwitch && !ended) return null;

  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      close();
    }
  };

  return (
    <div className={classNames('hd-rep-bar', { 'hd-rep-bar--acting': acting })} onKeyDown={onKeyDown}>
      <div className="container">
        {ended && (
          <div className="hd-rep-bar__ended">
            <NotificationPanel variant="warn" role="alert" label={t('rep.ended.title')} labelHtmlMarkup="h2">
              <p className="hd-panel-text">{ended.name ? t('rep.ended.named', { name: ended.name }) : t('rep.ended.unnamed')}</p>
              <button type="button" className="hd-link-button" onClick={dismissEndedNotice}>
                {t('rep.ended.dismiss')}
              </button>
            </NotificationPanel>
          </div>
        )}
        {canSwitch && (
          <div className="hd-rep-bar__row">
            <p className="hd-rep-bar__who" aria-live="polite">
              {acting ? (
                <>
                  <span className="hd-rep-bar__icon" aria-hidden="true" />
                  <strong>{t('rep.banner.onBehalf', { user: me.person.name, subject: acting.name })}</strong>
                </>
              ) : (
                t('rep.bar.self')
              )}
            </p>
            <div className="hd-rep-bar__actions">
              {acting && (
                <Button variant="outline" size="medium" disabled={switchPerson.isPending} onClick={() => switchPerson.mutate(me.person.id)}>
                  {t('rep.banner.back')}
                </Button>
              )}
              {items.length > 1 && (
                <button
                  ref={toggleRef}
                  type="button"
                  className="hd-rep-bar__toggle"
                  aria-expanded={open}
                  aria-controls={panelId}
                  onClick={() => setOpen((o) => !o)}
                >
                  {t('rep.switch.button')}
                  <span className="hd-rep-bar__chevron" aria-hidden="true" />
                </button>
              )}
            </div>
          </div>
        )}
        <div id={panelId} className="hd-rep-switch" hidden={!open}>
          {open && (
            <>
              <h2 className="hd-rep-switch__title">{t('rep.switch.title')}</h2>
              <p className="hd-rep-switch__intro">{t('rep.switch.intro')}</p>
              <ul className="hd-rep-switch__list">
                {items.map((item) => (
                  <li key={item.personId}>
                    <PersonChoice
                      item={item}
                      me={me}
                      current={item.personId === (acting?.id ?? me.person.id)}
                      busy={switchPerson.isPending}
                      onChoose={() => {
                        setOpen(false);
                        switchPerson.mutate(item.personId);
                      }}
                    />
                  </li>
                ))}
              </ul>
              <p className="hd-rep-switch__more">
                <Link className="hd-link" to="/citizen/fullmakt" onClick={() => setOpen(false)}>
                  {t('rep.switch.managePoa')}
                </Link>
              </p>
            </>
          )}
        </div>
        {switchPerson.isError && (
          <div className="hd-rep-bar__error">
            <ErrorPanel error={switchPerson.error} title={t('rep.switch.error')} />
          </div>
        )}
      </div>
    </div>
  );
}

function PersonChoice({ item, me, current, busy, onChoose }: { item: RepresentationItem; me: Me; current: boolean; busy: boolean; onChoose: () => void }) {
  const { t, locale } = useI18n();
  const self = item.personId === me.person.id;
  return (
    <button
      type="button"
      className={classNames('hd-rep-choice', { 'hd-rep-choice--current': current })}
      aria-current={current ? 'true' : undefined}
      disabled={busy}
      onClick={current ? undefined : onChoose}
    >
      <span className="hd-rep-choice__name">
        {self ? t('rep.switch.yourself', { name: item.name }) : item.name}
        {current && <span className="hd-rep-choice__current"> ({t('rep.switch.current')})</span>}
      </span>
      <span className="hd-rep-choice__meta">{[t(`rep.relation.${item.relation}`), t('rep.age', { age: item.age })].join(' · ')}</span>
      {!self && <span className="hd-rep-choice__meta">{coversText(t, locale, item)}</span>}
      {!self && item.until && <span className="hd-rep-choice__meta">{t('rep.until', { date: formatDate(item.until, locale) })}</span>}
    </button>
  );
}
