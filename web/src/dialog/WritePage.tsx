/** /citizen/contacts/:contactId/new/:kind — write a new message of one kind to a health contact. */
import {
  DIALOG_KINDS,
  MAX_TEXT,
  NewCitizenThreadSchema,
  topicText,
  type DialogKind,
  type NewCitizenThread,
  type ServiceForm,
  type TopicTexts,
} from '@helsedialog/core';
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import Label from '@helsenorge/designsystem-react/components/Label';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { dialogKeys, startCitizenThread, useOfferedServices, usePrescriptions, type OfferedServices } from '../api/dialog.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { AttachmentPicker, fieldErrors } from './components.tsx';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { feeLine } from './format.ts';
import { newKey } from '../api/client.ts';
import { UnitIntro } from './UnitIntro.tsx';
import { sendWithServiceForm, useServiceForm } from '../forms/api.ts';
import { formatDate, formatFee } from '../lib/format.ts';

/** The form renderer (refero) is large: loaded only when the service asks a form first. */
const FormRenderer = lazy(() => import('../forms/FormRenderer.tsx').then((m) => ({ default: m.FormRenderer })));

const OTHER = '__other__';
/** The unit's own "Annet"/"Other" topic is our free-text choice, not a topic of its own. */
const isOtherTopic = (topic: string) => /^(annet|andre|other)$/i.test(topic.trim());
const COLLECT = ['e_resept_pharmacy', 'pickup_at_office', 'mail'] as const;
/** The services a unit can put a form in front of (core FORM_SERVICES). */
const FORM_KINDS: readonly DialogKind[] = ['ekontakt', 'ekonsultasjon', 'standarddialog'];

export function WritePage() {
  return <RequireSession kind="citizen">{() => <Write />}</RequireSession>;
}

function Write() {
  const { t } = useI18n();
  const { contactId = '', kind: kindParam = '' } = useParams();
  const kind = (DIALOG_KINDS as readonly string[]).includes(kindParam) ? (kindParam as DialogKind) : undefined;
  const offered = useOfferedServices(contactId);
  // A unit can ask a form first (forms module); the message then goes with its answers.
  const askForm = !!kind && FORM_KINDS.includes(kind);
  const serviceForm = useServiceForm(contactId, kind ?? '', askForm);
  useDocumentTitle(t('dialog.write.docTitle', { kind: kind ? t(`dialog.kind.${kind}`) : '' }));

  if (offered.isPending || (askForm && serviceForm.isPending)) return <PageLoader />;
  if (offered.isError) return <ErrorPanel error={offered.error} headingLevel="h1" onRetry={() => void offered.refetch()} />;
  if (askForm && serviceForm.isError) return <ErrorPanel error={serviceForm.error} headingLevel="h1" onRetry={() => void serviceForm.refetch()} />;
  const unit = offered.data.unit;
  const service = kind ? offered.data.items.find((s) => s.service === kind && s.canStart) : undefined;
  const back = <BackLink to={`/citizen/contacts/${contactId}`}>{t('dialog.back.services', { unit: unit.name })}</BackLink>;
  if (!kind || !service || !offered.data.active) {
    return (
      <>
        {back}
        <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 1 }}>
          {kind ? t(`dialog.kind.${kind}`) : unit.name}
        </Title>
        <p className="hd-lead">{t('dialog.write.notOffered', { unit: unit.name })}</p>
      </>
    );
  }
  return (
    <>
      {back}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t(`dialog.kind.${kind}`)}
      </Title>
      <p className="hd-lead">{t('dialog.write.to', { unit: unit.name })}</p>
      <UnitIntro className="hd-form" text={service.introText} texts={service.introTexts} />
      {service.answerDays !== null && kind !== 'journalkopi' && <p className="hd-form">{t('dialog.write.answerDays', { days: service.answerDays })}</p>}
      <WriteForm contactId={contactId} kind={kind} service={service} unitName={unit.name} form={serviceForm.data?.form ?? null} />
    </>
  );
}

type Offered = OfferedServices['items'][number];
type AskedForm = NonNullable<ServiceForm['form']>;

/**
 * A topic's radio label in the reader's language; where the unit gave none, its bokmål text and
 * "(bokmål)" in the reader's language. (The design system's radio label takes only plain texts, so
 * the label cannot carry `lang="nb"`; the guidance, below, does.)
 */
function useTopicLabel(): (texts: TopicTexts) => ReactNode {
  const { t, language } = useI18n();
  return (texts) => {
    const text = topicText(texts, language).label;
    if (language === 'nb' || texts[language] !== undefined) return text;
    return (
      <Label
        labelTexts={[
          { text, type: 'subdued' },
          { text: ` ${t('unitText.bokmal')}`, type: 'subdued' },
        ]}
      />
    );
  };
}

/**
 * A unit's topic text in the reader's language; where the unit gave none, its bokmål text marked as
 * such (`lang="nb"`, so a screen reader switches voice, and "(bokmål)" in the reader's language), as
 * UnitIntro does for service intros.
 */
function InLanguage({ texts, part }: { texts: TopicTexts; part: 'label' | 'guidance' }) {
  const { t, language } = useI18n();
  const own = language === 'nb' || texts[language] !== undefined;
  const text = topicText(texts, language)[part];
  if (own) return <>{text}</>;
  return (
    <>
      <span lang="nb">{text}</span> <span className="hd-muted">{t('unitText.bokmal')}</span>
    </>
  );
}

function WriteForm({
  contactId,
  kind,
  service,
  unitName,
  form,
}: {
  contactId: string;
  kind: DialogKind;
  service: Offered;
  unitName: string;
  /** The form the unit asks first, if any: answered before the message fields show. */
  form: AskedForm | null;
}) {
  const { t, locale, language } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const prescriptions = usePrescriptions(contactId, kind === 'fornyresept');
  const topicLabel = useTopicLabel();
  // The unit's topics (modules/dialog/topics.service.ts): chosen by id, named in the UI's language, with guidance.
  const topicItems = (service.topicItems ?? []).filter((x) => !isOtherTopic(x.texts.nb.label));
  const topics = topicItems.map((x) => x.id);
  const topicOf = (id: string) => topicItems.find((x) => x.id === id);
  const [topicChoice, setTopicChoice] = useState<string>(topics.length ? '' : OTHER);
  const [ownTopic, setOwnTopic] = useState('');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [collect, setCollect] = useState<(typeof COLLECT)[number]>('e_resept_pharmacy');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The form's answers (QuestionnaireResponse.item) once the citizen has gone on to the message;
  // kept while they change them.
  const [answers, setAnswers] = useState<QuestionnaireResponseItem[] | undefined>(undefined);
  const [answering, setAnswering] = useState(!!form);
  // Files chosen for the form's attachment questions: kept on the page and sent with the message
  // (the answer names each `cid:<n>`); the server checks and stores them only if the message goes.
  const answerFiles = useRef(new Map<string, { file: File; href: string }>());
  const formAttachments = {
    upload: (file: File) => {
      const url = `cid:file-${answerFiles.current.size + 1}`;
      answerFiles.current.set(url, { file, href: URL.createObjectURL(file) });
      return Promise.resolve({ url, contentType: file.type, title: file.name, size: file.size });
    },
    link: (url: string) => answerFiles.current.get(url)?.href ?? '#',
  };
  const key = useRef<string | undefined>(undefined);
  const resetKey = () => {
    key.current = undefined;
  };

  const send = useMutation({
    mutationFn: (input: NewCitizenThread) => {
      key.current ??= newKey();
      if (form && 'topic' in input)
        return sendWithServiceForm(
          contactId,
          kind,
          { topic: input.topic, ...(input.topicId ? { topicId: input.topicId } : {}), text: input.text, versionId: form.versionId, item: answers ?? [] },
          files,
          key.current,
          new Map([...answerFiles.current].map(([url, f]) => [url, f.file])),
        );
      return startCitizenThread(contactId, input, files, key.current);
    },
    onSuccess: (detail) => {
      resetKey();
      qc.setQueryData(dialogKeys.citizenThread(detail.id), detail);
      void qc.invalidateQueries({ queryKey: ['dialog', 'citizen'], predicate: (q) => q.queryKey[2] !== 'thread' });
      // The thread page says what happens next (rules/WhatNext.tsx).
      void navigate(`/citizen/messages/${detail.id}`, { state: { justSent: true } });
    },
    onError: (error) => {
      // An answer from the server means this attempt is over; a network failure may be retried with the same key.
      if (error instanceof ApiError && error.status !== 0 && error.status < 500) resetKey();
    },
  });

  const build = (): unknown => {
    if (kind === 'journalkopi') return { kind };
    if (kind === 'fornyresept') return { kind, prescriptionIds: chosen, collectMethod: collect, ...(text.trim() ? { text } : {}) };
    const item = topicOf(topicChoice);
    if (item) return { kind, topic: topicText(item.texts, language).label, topicId: item.id, text };
    return { kind, topic: topicChoice === OTHER ? ownTopic : topicChoice, text };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = NewCitizenThreadSchema.safeParse(build());
    if (!parsed.success) {
      const fe = fieldErrors(parsed.error, t);
      if (kind === 'fornyresept' && fe.text) fe.text = t('dialog.validate.noteLong');
      setErrors(fe);
      return;
    }
    setErrors({});
    send.mutate(parsed.data);
  };
  const changed = () => {
    resetKey();
    if (send.isError) send.reset();
  };

  const busy = send.isPending;
  const submitText = busy ? t('dialog.write.sending') : kind === 'journalkopi' ? t('dialog.journal.confirm') : t('dialog.write.send');
  const hasErrors = Object.keys(errors).length > 0;

  if (form && answering)
    return (
      <section className="hd-form" aria-labelledby="service-form-title">
        <Title id="service-form-title" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
          {t('forms.write.title')}
        </Title>
        <p>{t('forms.write.intro', { unit: unitName })}</p>
        <Suspense fallback={<PageLoader />}>
          <FormRenderer
            questionnaire={form.questionnaire}
            item={answers}
            submitText={t('forms.write.next')}
            onSubmit={(qr) => {
              setAnswers(qr.item ?? []);
              setAnswering(false);
              changed();
            }}
            onCancel={() => void navigate(`/citizen/contacts/${contactId}`)}
            attachments={formAttachments}
          />
        </Suspense>
      </section>
    );

  return (
    <form className="hd-form" onSubmit={submit} noValidate>
      {form && (
        <div className="hd-field">
          <NotificationPanel variant="success" size="small">
            <p className="hd-panel-text">{t('forms.write.answered', { title: form.title })}</p>
          </NotificationPanel>
          <Button variant="borderless" type="button" onClick={() => setAnswering(true)}>
            {t('forms.write.change')}
          </Button>
        </div>
      )}
      {kind === 'ekonsultasjon' && (
        <div className="hd-field">
          <NotificationPanel
            variant="info"
            label={service.fee.kind === 'exempt' ? t('dialog.write.feeFreeTitle') : t('dialog.write.feeTitle')}
            labelHtmlMarkup="h2"
          >
            <p className="hd-panel-text">
              {service.fee.kind === 'charged'
                ? t('dialog.write.feeAmount', { fee: formatFee(service.fee.amountNok, locale) })
                : (feeLine(t, service.fee, locale) ?? t('dialog.write.feeText'))}
            </p>
          </NotificationPanel>
        </div>
      )}
      {(kind === 'ekontakt' || kind === 'ekonsultasjon' || kind === 'standarddialog') && (
        <>
          {!service.introText?.includes('113') && (
            <div className="hd-field">
              <NotificationPanel variant="warn" size="small">
                <p className="hd-panel-text">{t('dialog.write.urgent')}</p>
              </NotificationPanel>
            </div>
          )}
          {topics.length > 0 && (
            <div className="hd-field">
              <FormGroup legend={t('dialog.write.topic')} error={topicChoice !== OTHER ? errors.topic : undefined}>
                {[...topics, OTHER].map((topic, i) => (
                  <RadioButton
                    key={topic}
                    inputId={`topic-${i}`}
                    name="topic"
                    value={topic}
                    label={topic === OTHER ? t('dialog.write.topicOther') : topicLabel(topicOf(topic)!.texts)}
                    checked={topicChoice === topic}
                    onChange={() => {
                      setTopicChoice(topic);
                      changed();
                    }}
                  />
                ))}
              </FormGroup>
            </div>
          )}
          {topicOf(topicChoice) && topicText(topicOf(topicChoice)!.texts, language).guidance && (
            <div className="hd-field">
              <NotificationPanel variant="info" label={t('rules.write.guidanceTitle')} labelHtmlMarkup="h2">
                <p className="hd-panel-text">
                  <InLanguage texts={topicOf(topicChoice)!.texts} part="guidance" />
                </p>
              </NotificationPanel>
            </div>
          )}
          {topicChoice === OTHER && (
            <div className="hd-field">
              <Input
                inputId="topic-own"
                label={topics.length ? t('dialog.write.topicOwn') : t('dialog.write.topic')}
                value={ownTopic}
                onChange={(e) => {
                  setOwnTopic(e.target.value);
                  changed();
                }}
                errorText={errors.topic}
                error={!!errors.topic}
                autoComplete="off"
              />
            </div>
          )}
          <div className="hd-field">
            <Textarea
              textareaId="message-text"
              label={t('dialog.write.text')}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                changed();
              }}
              maxCharacters={MAX_TEXT}
              resources={{ characters: t('dialog.write.maxText') }}
              minRows={6}
              grow
              errorText={errors.text}
              error={!!errors.text}
            />
          </div>
          <AttachmentPicker
            files={files}
            onChange={(f) => {
              setFiles(f);
              changed();
            }}
            disabled={busy}
          />
        </>
      )}
      {kind === 'fornyresept' && (
        <>
          {prescriptions.isPending ? (
            <PageLoader />
          ) : prescriptions.isError ? (
            <ErrorPanel error={prescriptions.error} onRetry={() => void prescriptions.refetch()} />
          ) : prescriptions.data.items.length === 0 ? (
            <p>{t('dialog.renew.none')}</p>
          ) : (
            <div className="hd-field">
              <FormGroup legend={t('dialog.renew.prescriptions')} error={errors.prescriptionIds}>
                {prescriptions.data.items.map((p) => (
                  <Checkbox
                    key={p.id}
                    inputId={`rx-${p.id}`}
                    name="prescription"
                    value={p.id}
                    label={
                      [p.medication, p.strength, p.dosage].filter(Boolean).join(', ') +
                      ` – ${t('dialog.renew.prescribed', { date: formatDate(p.prescribedAt, locale, 'medium') })}`
                    }
                    checked={chosen.includes(p.id)}
                    onChange={(e) => {
                      const on = e.target.checked;
                      setChosen((c) => (on ? [...c, p.id] : c.filter((x) => x !== p.id)));
                      changed();
                    }}
                  />
                ))}
              </FormGroup>
            </div>
          )}
          <div className="hd-field">
            <FormGroup legend={t('dialog.renew.collect')}>
              {COLLECT.map((m) => (
                <RadioButton
                  key={m}
                  inputId={`collect-${m}`}
                  name="collect"
                  value={m}
                  label={t(`dialog.collect.${m}`)}
                  checked={collect === m}
                  onChange={() => {
                    setCollect(m);
                    changed();
                  }}
                />
              ))}
            </FormGroup>
          </div>
          <div className="hd-field">
            <Textarea
              textareaId="renew-note"
              label={t('dialog.renew.note')}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                changed();
              }}
              maxCharacters={1000}
              resources={{ characters: t('dialog.write.maxText') }}
              minRows={3}
              errorText={errors.text}
              error={!!errors.text}
            />
          </div>
        </>
      )}
      {kind === 'journalkopi' && <p>{t('dialog.journal.text', { unit: unitName })}</p>}
      {hasErrors && (
        <p className="hd-overdue" role="alert">
          {t('dialog.write.checkFields')}
        </p>
      )}
      <ProblemNotice error={send.error} />
      <div className="hd-actions">
        <Button type="submit" disabled={busy}>
          {submitText}
        </Button>
      </div>
    </form>
  );
}
