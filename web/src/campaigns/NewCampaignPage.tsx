/**
 * /clinician/units/:unitId/campaigns/new — the wizard: recipients → message → review → (create;
 * the campaign page starts it). A pasted list is checked line by line before it can be used.
 * Attaching a form is not offered: forms are not part of campaigns yet.
 */
import { SENDABLE_LINE, type CampaignSource, type NewCampaign, type RecipientLine } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import '../letters/letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { campaignKeys, checkIds, createCampaign, saveTemplate, useTemplates } from './api.ts';
import './campaigns.scss';

export function NewCampaignPage() {
  return <RequireSession kind="staff">{() => <Wizard />}</RequireSession>;
}

type SourceType = CampaignSource['type'];
const CONTACT_SOURCES = ['gp_list', 'care_right', 'municipal_service', 'manual'] as const;
type ContactSourceChoice = '' | (typeof CONTACT_SOURCES)[number];

function Wizard() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('campaigns.new.docTitle'));
  const templates = useTemplates(unitId);
  const [step, setStep] = useState(1);
  const [source, setSource] = useState<SourceType>('waitlist');
  const [contactSource, setContactSource] = useState<ContactSourceChoice>('');
  const [ids, setIds] = useState('');
  const [lines, setLines] = useState<RecipientLine[] | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'standarddialog' | 'ekontakt'>(unit?.kind === 'gp_office' ? 'ekontakt' : 'standarddialog');
  const [topic, setTopic] = useState('');
  const [body, setBody] = useState('');
  const [question, setQuestion] = useState('');
  const [choices, setChoices] = useState('');
  const [reminderDays, setReminderDays] = useState('7');
  const [paperDays, setPaperDays] = useState('14');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const idList = ids.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const choiceList = choices.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const check = useMutation({ mutationFn: () => checkIds(unitId, idList), onSuccess: (r) => setLines(r.lines) });
  const template = useMutation({
    mutationFn: () => saveTemplate(unitId, { name: name || topic, topic, body, question: question.trim() || null, choices: question.trim() ? choiceList : [] }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: campaignKeys.templates(unitId) }),
  });
  const input = (): NewCampaign => ({
    name,
    kind,
    topic,
    body,
    question: question.trim() || null,
    choices: question.trim() ? choiceList : [],
    templateId: templateId || null,
    reminderDays: Number(reminderDays),
    paperAfterDays: Number(paperDays),
    source:
      source === 'list'
        ? { type: 'list', nationalIds: (lines ?? []).filter((l) => SENDABLE_LINE.has(l.status)).map((l) => l.input) }
        : source === 'service'
          ? { type: 'service', ...(contactSource ? { contactSource } : {}) }
          : { type: 'waitlist' },
  });
  const create = useMutation({
    mutationFn: () => createCampaign(unitId, input()),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: campaignKeys.unit(unitId) });
      void navigate(`/clinician/campaigns/${c.id}`);
    },
  });

  const nextFromRecipients = () => {
    const e: Record<string, string> = {};
    if (source === 'list') {
      if (idList.length === 0) e.ids = t('campaigns.new.listEmpty');
      else if (!lines || lines.length !== idList.length || lines.some((l) => !SENDABLE_LINE.has(l.status) && l.status !== 'duplicate')) e.ids = t('campaigns.new.listUnchecked');
    }
    setErrors(e);
    if (!Object.keys(e).length) setStep(2);
  };
  const nextFromMessage = () => {
    const e: Record<string, string> = {};
    if (!name.trim()) e.name = t('campaigns.new.required');
    if (!topic.trim()) e.topic = t('campaigns.new.required');
    if (!body.trim()) e.body = t('campaigns.new.required');
    if (question.trim() && (choiceList.length < 2 || new Set(choiceList.map((c) => c.toLowerCase())).size !== choiceList.length)) e.choices = t('campaigns.new.choicesInvalid');
    setErrors(e);
    if (!Object.keys(e).length) setStep(3);
  };
  const useTemplate = (id: string) => {
    setTemplateId(id);
    const tp = templates.data?.items.find((x) => x.id === id);
    if (tp) {
      setTopic(tp.topic);
      setBody(tp.body);
      setQuestion(tp.question ?? '');
      setChoices(tp.choices.join('\n'));
      if (!name) setName(tp.name);
    }
  };
  const stepName = [t('campaigns.step.recipients'), t('campaigns.step.message'), t('campaigns.step.review'), t('campaigns.step.start')][step - 1];

  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/campaigns`}>{t('campaigns.back.list')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('campaigns.new.title')}
      </Title>
      <p className="hd-lead">
        {t('campaigns.new.steps', { n: step })}: <strong>{stepName}</strong>
      </p>
      {step === 1 && (
        <section aria-label={t('campaigns.step.recipients')}>
          <FormGroup legend={t('campaigns.new.source')}>
            {(['waitlist', 'service', 'list'] as const).map((s) => (
              <RadioButton key={s} inputId={`src-${s}`} name="source" value={s} label={t(`campaigns.source.${s}`)} checked={source === s} onChange={() => setSource(s)} />
            ))}
          </FormGroup>
          {source === 'service' && (
            <div className="hd-camp-field">
              <Select selectId="contact-source" label={t('campaigns.new.contactSource')} value={contactSource} onChange={(e) => setContactSource(e.target.value as ContactSourceChoice)}>
                <option value="">{t('campaigns.contactSource.any')}</option>
                {CONTACT_SOURCES.map((c) => (
                  <option key={c} value={c}>
                    {t(`campaigns.contactSource.${c}`)}
                  </option>
                ))}
              </Select>
            </div>
          )}
          {source === 'list' && (
            <div className="hd-camp-field">
              <Textarea
                textareaId="ids"
                label={t('campaigns.new.ids')}
                value={ids}
                onChange={(e) => {
                  setIds(e.target.value);
                  setLines(null);
                }}
                minRows={6}
                grow
                errorText={errors.ids}
                error={!!errors.ids}
              />
              <p className="hd-help">{t('campaigns.new.idsHelp')}</p>
              <Button variant="outline" disabled={check.isPending || idList.length === 0} onClick={() => check.mutate()}>
                {t('campaigns.new.check')}
              </Button>
              {check.isError && <ErrorPanel error={check.error} />}
              {lines && (
                <>
                  <table className="hd-camp-table" data-testid="lines">
                    <caption>{t('campaigns.new.checkCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('campaigns.new.line')}</th>
                        <th scope="col">{t('campaigns.new.input')}</th>
                        <th scope="col">{t('campaigns.new.result')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {lines.map((l) => (
                        <tr key={l.line}>
                          <td>{l.line}</td>
                          <td>{l.input}</td>
                          <td>{SENDABLE_LINE.has(l.status) ? t(`campaigns.line.${l.status}`, { name: l.name ?? '' }) : <strong>{t(`campaigns.line.${l.status}`)}</strong>}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {lines.some((l) => !SENDABLE_LINE.has(l.status)) && (
                    <Button
                      variant="outline"
                      onClick={() => {
                        const keep = lines.filter((l) => SENDABLE_LINE.has(l.status));
                        setIds(keep.map((l) => l.input).join('\n'));
                        setLines(keep.map((l, i) => ({ ...l, line: i + 1 })));
                      }}
                    >
                      {t('campaigns.new.removeBad')}
                    </Button>
                  )}
                </>
              )}
            </div>
          )}
          <div className="hd-camp-actions">
            <Button onClick={nextFromRecipients}>{t('campaigns.new.next')}</Button>
          </div>
        </section>
      )}
      {step === 2 && (
        <section aria-label={t('campaigns.step.message')}>
          {templates.data && templates.data.items.length > 0 && (
            <div className="hd-camp-field">
              <Select selectId="template" label={t('campaigns.new.template')} value={templateId} onChange={(e) => useTemplate(e.target.value)}>
                <option value="">{t('campaigns.new.noTemplate')}</option>
                {templates.data.items.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </Select>
            </div>
          )}
          <div className="hd-camp-field">
            <Input inputId="c-name" label={t('campaigns.new.name')} value={name} onChange={(e) => setName(e.target.value)} errorText={errors.name} error={!!errors.name} autoComplete="off" />
          </div>
          <FormGroup legend={t('campaigns.new.kind')}>
            {(['standarddialog', 'ekontakt'] as const).map((k) => (
              <RadioButton key={k} inputId={`kind-${k}`} name="kind" value={k} label={t(`campaigns.kind.${k}`)} checked={kind === k} onChange={() => setKind(k)} />
            ))}
          </FormGroup>
          <div className="hd-camp-field">
            <Input inputId="c-topic" label={t('campaigns.new.topic')} value={topic} onChange={(e) => setTopic(e.target.value)} errorText={errors.topic} error={!!errors.topic} autoComplete="off" />
          </div>
          <div className="hd-camp-field">
            <Textarea textareaId="c-body" label={t('campaigns.new.body')} value={body} onChange={(e) => setBody(e.target.value)} minRows={6} grow errorText={errors.body} error={!!errors.body} />
          </div>
          <div className="hd-camp-field">
            <Input inputId="c-question" label={t('campaigns.new.question')} value={question} onChange={(e) => setQuestion(e.target.value)} autoComplete="off" />
            <p className="hd-help">{t('campaigns.new.questionHelp')}</p>
          </div>
          {question.trim() && (
            <div className="hd-camp-field">
              <Textarea textareaId="c-choices" label={t('campaigns.new.choices')} value={choices} onChange={(e) => setChoices(e.target.value)} minRows={3} grow errorText={errors.choices} error={!!errors.choices} />
              <p className="hd-help">{t('campaigns.new.choicesHelp')}</p>
            </div>
          )}
          <div className="hd-camp-field">
            <Input inputId="c-reminder" type="number" min={1} max={60} label={t('campaigns.new.reminderDays')} value={reminderDays} onChange={(e) => setReminderDays(e.target.value)} />
          </div>
          <div className="hd-camp-field">
            <Input inputId="c-paper" type="number" min={1} max={60} label={t('campaigns.new.paperDays')} value={paperDays} onChange={(e) => setPaperDays(e.target.value)} />
          </div>
          <p className="hd-help">{t('campaigns.new.noForm')}</p>
          <div className="hd-camp-actions">
            <Button variant="outline" onClick={() => setStep(1)}>
              {t('campaigns.new.previous')}
            </Button>
            <Button variant="outline" disabled={template.isPending || !body.trim() || !topic.trim()} onClick={() => template.mutate()}>
              {t('campaigns.new.saveTemplate')}
            </Button>
            <Button onClick={nextFromMessage}>{t('campaigns.new.next')}</Button>
          </div>
          {template.isSuccess && <p role="status">{t('campaigns.new.templateSaved')}</p>}
          {template.isError && <ErrorPanel error={template.error} />}
        </section>
      )}
      {step === 3 && (
        <section aria-label={t('campaigns.step.review')}>
          <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
            {t('campaigns.new.reviewTitle')}
          </Title>
          <dl className="hd-facts">
            <div>
              <dt>{t('campaigns.step.recipients')}</dt>
              <dd>{source === 'list' ? t('campaigns.new.recipientsSummary.list', { count: (lines ?? []).filter((l) => SENDABLE_LINE.has(l.status)).length }) : t(`campaigns.new.recipientsSummary.${source}`)}</dd>
            </div>
            <div>
              <dt>{t('campaigns.new.name')}</dt>
              <dd>{name}</dd>
            </div>
            <div>
              <dt>{t('campaigns.new.reminderDays')}</dt>
              <dd>{reminderDays}</dd>
            </div>
            <div>
              <dt>{t('campaigns.new.paperDays')}</dt>
              <dd>{paperDays}</dd>
            </div>
          </dl>
          <div className="hd-camp-message">
            <strong>{topic}</strong>
            {'\n\n'}
            {body}
            {question.trim() && `\n\n${question.trim()}\n${choiceList.map((x) => `• ${x}`).join('\n')}`}
          </div>
          <p className="hd-help">{t('campaigns.new.createHelp')}</p>
          <div className="hd-camp-actions">
            <Button variant="outline" onClick={() => setStep(2)}>
              {t('campaigns.new.previous')}
            </Button>
            <Button disabled={create.isPending} onClick={() => create.mutate()}>
              {t('campaigns.new.create')}
            </Button>
          </div>
          {create.isError && <ErrorPanel error={create.error} />}
        </section>
      )}
    </>
  );
}
