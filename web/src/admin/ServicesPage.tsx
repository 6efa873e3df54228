/**
 * /clinician/units/:unitId/services — the unit's service catalogue. Administrators switch each
 * service and set its terms; GP doctors switch services for their own list; others read.
 */
import { SERVICES, ServiceSettingsSchema, type Service } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { dialogKeys, saveMyService, saveUnitService, useUnitServices, type UnitService } from '../api/dialog.ts';
import { useStaffUnits } from '../api/queries.ts';
import type { StaffUnit } from '../api/types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { DeadNotifications } from '../notify/DeadNotifications.tsx';
import { languages } from '../i18n/languages.ts';

export function ServicesPage() {
  return <RequireSession kind="staff">{() => <Services />}</RequireSession>;
}

function Services() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const unit = units.data?.items.find((u) => u.id === unitId);
  const services = useUnitServices(unitId);
  useDocumentTitle(t('admin.services.docTitle', { unit: unit?.name ?? '' }));
  if (services.isPending || units.isPending) return <PageLoader />;
  if (services.isError) return <ErrorPanel error={services.error} headingLevel="h1" onRetry={() => void services.refetch()} />;
  const isDoctor = unit?.role === 'doctor' && unit.kind === 'gp_office';
  const order = new Map(SERVICES.map((s, i) => [s, i]));
  const items = [...services.data.items].sort((a, b) => (order.get(a.service) ?? 0) - (order.get(b.service) ?? 0));
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}`}>{t('dialog.staff.back')}</BackLink>
      {unit && <p className="hd-greeting">{unit.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('admin.services.title')}
      </Title>
      <p className="hd-lead">{unit?.isAdmin ? t('admin.services.leadAdmin') : isDoctor ? t('admin.services.leadDoctor') : t('admin.services.leadReadonly')}</p>
      {items.map((s) => (
        <section key={s.service} className="hd-panel hd-admin-service" aria-labelledby={`svc-${s.service}`}>
          <div className="hd-admin-service__head">
            <Title id={`svc-${s.service}`} htmlMarkup="h2" appearance="title4" margin={0}>
              {t(`dialog.service.${s.service}`)}
            </Title>
            <Tag color={s.enabled ? 'kiwi' : 'neutral'}>{s.enabled ? t('admin.services.on') : t('admin.services.off')}</Tag>
          </div>
          {unit?.isAdmin ? <AdminServiceForm unitId={unitId} s={s} /> : <ServiceSummary s={s} />}
          {s.overrides && s.overrides.length > 0 && <GpOverrides overrides={s.overrides} />}
          {isDoctor && unit && <MySwitch unit={unit} s={s} />}
        </section>
      ))}
      {unit?.isAdmin && <DeadNotifications unitId={unitId} />}
    </>
  );
}

/** Beside the unit's setting: each GP's own switch for their list (the citizen sees the service only where both are on). */
function GpOverrides({ overrides }: { overrides: NonNullable<UnitService['overrides']> }) {
  const { t } = useI18n();
  return (
    <div className="hd-field">
      <p className="hd-label">{t('rules.services.overrides')}</p>
      <ul className="hd-facts-inline">
        {overrides.map((o) => (
          <li key={o.staffId}>{t(o.enabled ? 'rules.services.overrideOn' : 'rules.services.overrideOff', { name: o.name })}</li>
        ))}
      </ul>
    </div>
  );
}

function ServiceSummary({ s }: { s: UnitService }) {
  const { t } = useI18n();
  return (
    <dl className="hd-facts">
      <div>
        <dt>{t('admin.services.initiator')}</dt>
        <dd>{t(`admin.initiator.${s.initiator}`)}</dd>
      </div>
      {s.answerDays !== null && (
        <div>
          <dt>{t('admin.services.answerDays')}</dt>
          <dd>{s.answerDays}</dd>
        </div>
      )}
      {s.introText && (
        <div>
          <dt>{t('admin.services.introText')}</dt>
          <dd>{s.introText}</dd>
        </div>
      )}
    </dl>
  );
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

function AdminServiceForm({ unitId, s }: { unitId: string; s: UnitService }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const id = s.service;
  const [enabled, setEnabled] = useState(s.enabled);
  const [initiator, setInitiator] = useState(s.initiator);
  const [answerDays, setAnswerDays] = useState(s.answerDays === null ? '' : String(s.answerDays));
  const [introText, setIntroText] = useState(s.introText ?? '');
  const [introTexts, setIntroTexts] = useState({ nn: s.introTexts?.nn ?? '', se: s.introTexts?.se ?? '', en: s.introTexts?.en ?? '' });
  const [topics, setTopics] = useState(s.topics.join('\n'));
  const [reasons, setReasons] = useState(s.declineReasons.join('\n'));
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (body: Parameters<typeof saveUnitService>[2]) => saveUnitService(unitId, s.service, body),
    onSuccess: (data) => {
      qc.setQueryData(dialogKeys.services(unitId), data);
      void qc.invalidateQueries({ queryKey: ['dialog', 'citizen'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const days = answerDays.trim() === '' ? null : Number(answerDays);
    const parsed = ServiceSettingsSchema.safeParse({
      enabled,
      initiator,
      answerDays: days,
      introText: introText.trim() || null,
      introTexts: { nn: introTexts.nn.trim() || null, se: introTexts.se.trim() || null, en: introTexts.en.trim() || null },
      topics: lines(topics),
      ...(s.service === 'fornyresept' ? { declineReasons: lines(reasons) } : {}),
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.path[0] === 'answerDays' ? t('admin.services.answerDaysInvalid') : t('dialog.validate.invalid'));
      return;
    }
    setError(undefined);
    save.mutate(parsed.data);
  };
  const dialog = ['ekontakt', 'ekonsultasjon', 'standarddialog'].includes(s.service);
  return (
    <form onSubmit={submit} noValidate className="hd-form">
      <div className="hd-field">
        <Checkbox
          inputId={`${id}-enabled`}
          label={t('admin.services.enabled')}
          checked={enabled}
          onChange={(e) => {
            setEnabled(e.target.checked);
            save.reset();
          }}
        />
      </div>
      <div className="hd-field">
        <FormGroup legend={t('admin.services.initiator')}>
          {(['citizen', 'unit', 'both'] as const).map((i) => (
            <RadioButton
              key={i}
              inputId={`${id}-init-${i}`}
              name={`${id}-initiator`}
              value={i}
              label={t(`admin.initiator.${i}`)}
              checked={initiator === i}
              onChange={() => setInitiator(i)}
            />
          ))}
        </FormGroup>
      </div>
      <div className="hd-field">
        <Input
          inputId={`${id}-days`}
          label={t('admin.services.answerDays')}
          inputMode="numeric"
          width={6}
          value={answerDays}
          onChange={(e) => setAnswerDays(e.target.value)}
          errorText={error}
          error={!!error}
        />
      </div>
      <div className="hd-field">
        <Textarea
          textareaId={`${id}-intro`}
          label={t('admin.services.introText')}
          value={introText}
          onChange={(e) => setIntroText(e.target.value)}
          minRows={2}
          maxCharacters={1000}
          resources={{ characters: t('dialog.write.maxText') }}
        />
      </div>
      <p className="hd-muted">{t('admin.services.introTextInHelp')}</p>
      {(['nn', 'se', 'en'] as const).map((lang) => (
        <div className="hd-field" key={lang}>
          <Textarea
            textareaId={`${id}-intro-${lang}`}
            label={t('admin.services.introTextIn', { language: languages.find((l) => l.code === lang)!.name })}
            value={introTexts[lang]}
            onChange={(e) => setIntroTexts((v) => ({ ...v, [lang]: e.target.value }))}
            minRows={2}
            maxCharacters={1000}
            resources={{ characters: t('dialog.write.maxText') }}
          />
        </div>
      ))}
      {dialog && (
        <div className="hd-field">
          <Textarea textareaId={`${id}-topics`} label={t('admin.services.topics')} value={topics} onChange={(e) => setTopics(e.target.value)} minRows={3} />
        </div>
      )}
      {s.service === 'fornyresept' && (
        <div className="hd-field">
          <Textarea
            textareaId={`${id}-reasons`}
            label={t('admin.services.declineReasons')}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
            minRows={3}
          />
        </div>
      )}
      <ProblemNotice error={save.error} title={t('admin.services.saveFailed')} />
      <div className="hd-actions">
        <Button type="submit" variant="outline" disabled={save.isPending}>
          {t('admin.services.save', { service: t(`dialog.service.${s.service}`) })}
        </Button>
        {save.isSuccess && (
          <span role="status" className="hd-muted">
            {t('admin.services.saved', { service: t(`dialog.service.${s.service}`) })}
          </span>
        )}
      </div>
    </form>
  );
}

function MySwitch({ unit, s }: { unit: StaffUnit; s: UnitService }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (enabled: boolean) => saveMyService(unit.id, s.service as Service, enabled),
    onSuccess: (data) => qc.setQueryData(dialogKeys.services(unit.id), data),
  });
  const on = s.enabled && (s.mine ?? true);
  return (
    <div className="hd-field">
      <Checkbox
        inputId={`${s.service}-mine`}
        label={t('admin.services.mine')}
        checked={on}
        disabled={!s.enabled || save.isPending}
        onChange={(e) => save.mutate(e.target.checked)}
      />
      {!s.enabled && <p className="hd-help">{t('admin.services.mineHelp')}</p>}
      <ProblemNotice error={save.error} title={t('admin.services.saveFailed')} />
    </div>
  );
}
