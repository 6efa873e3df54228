/** /citizen/notifications — the signed-in person's own notification settings: channel and optional notices. */
import type { NotificationChannel, NotificationSettings } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useT } from '../i18n/i18n-context.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { notifyKeys, saveNotificationSettings, useNotificationSettings } from './api.ts';

const CHANNELS: NotificationChannel[] = ['sms', 'email', 'both'];

export function NotificationSettingsPage() {
  return <RequireSession kind="citizen">{() => <Settings />}</RequireSession>;
}

function Settings() {
  const t = useT();
  useDocumentTitle(t('notify.docTitle'));
  const settings = useNotificationSettings();
  return (
    <>
      <BackLink to="/citizen">{t('letters.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('notify.title')}
      </Title>
      <p className="hd-lead">{t('notify.intro')}</p>
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm initial={settings.data} />
      )}
    </>
  );
}

function SettingsForm({ initial }: { initial: NotificationSettings }) {
  const t = useT();
  const qc = useQueryClient();
  const [channel, setChannel] = useState<NotificationChannel>(initial.channel);
  const [reminders, setReminders] = useState(initial.reminders);
  const [visits, setVisits] = useState(initial.visits);
  const save = useMutation({
    mutationFn: () => saveNotificationSettings({ channel, reminders, visits }),
    onSuccess: (data) => qc.setQueryData(notifyKeys.settings, data),
  });
  const edit = () => {
    if (save.isSuccess || save.isError) save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const address = (c: NotificationChannel) =>
    c === 'sms'
      ? (initial.phone ?? t('notify.none'))
      : c === 'email'
        ? (initial.email ?? t('notify.none'))
        : `${initial.phone ?? t('notify.none')}, ${initial.email ?? t('notify.none')}`;

  return (
    <form className="hd-form" onSubmit={submit} noValidate>
      <div className="hd-field">
        <NotificationPanel variant="info" size="small">
          <p className="hd-panel-text">{t('notify.private')}</p>
        </NotificationPanel>
      </div>
      <div className="hd-field">
        <FormGroup legend={t('notify.channel')}>
          {CHANNELS.map((c) => (
            <RadioButton
              key={c}
              inputId={`channel-${c}`}
              name="channel"
              value={c}
              label={`${t(`notify.channel.${c}`)} (${address(c)})`}
              checked={channel === c}
              onChange={() => {
                setChannel(c);
                edit();
              }}
            />
          ))}
        </FormGroup>
        <p className="hd-help">{t('notify.channelHelp')}</p>
      </div>
      <div className="hd-field">
        <FormGroup legend={t('notify.optional')}>
          <Checkbox
            inputId="opt-reminders"
            label={t('notify.reminders')}
            checked={reminders}
            onChange={(e) => {
              setReminders(e.target.checked);
              edit();
            }}
          />
          <Checkbox
            inputId="opt-visits"
            label={t('notify.visits')}
            checked={visits}
            onChange={(e) => {
              setVisits(e.target.checked);
              edit();
            }}
          />
        </FormGroup>
      </div>
      <div className="hd-field">
        <p className="hd-label">{t('notify.mandatory')}</p>
        <ul>
          <li>{t('notify.mandatory.messages')}</li>
          <li>{t('notify.mandatory.appointments')}</li>
          <li>{t('notify.mandatory.letters')}</li>
        </ul>
        <p className="hd-help">{t('notify.self')}</p>
      </div>
      {save.isError && (
        <div className="hd-field">
          <ErrorPanel error={save.error} title={t('notify.saveFailed')} />
        </div>
      )}
      {save.isSuccess && (
        <div className="hd-field">
          <NotificationPanel variant="success" role="status" size="small">
            <p className="hd-panel-text">{t('notify.saved')}</p>
          </NotificationPanel>
        </div>
      )}
      <div className="hd-actions">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t('notify.saving') : t('notify.save')}
        </Button>
      </div>
    </form>
  );
}
