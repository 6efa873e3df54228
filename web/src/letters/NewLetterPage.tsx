/**
 * /clinician/units/:unitId/letters/new — send a patient letter: find the patient, choose a
 * plain-language template and fill it in (with a preview of exactly what the patient gets), or
 * attach a PDF.
 */
import {
  AppointmentNoticeFieldsSchema,
  GeneralLetterFieldsSchema,
  MAX_LETTER_PDF_BYTES,
  MAX_LETTER_TEXT,
  renderLetter,
  WaitingListFieldsSchema,
  type LetterTemplate,
} from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { newKey } from '../api/client.ts';
import { letterKeys, sendPdfLetter, sendTemplateLetter, usePatients, type PatientHit } from './api.ts';
import './letters.scss';
import { BackLink } from '../components/BackLink.tsx';
import { formatDate } from '../lib/format.ts';

type Kind = LetterTemplate | 'pdf';
const KINDS: Kind[] = ['appointment_notice', 'waiting_list', 'general', 'pdf'];
type Fields = Record<string, string>;

export function NewLetterPage() {
  return <RequireSession kind="staff">{() => <NewLetter />}</RequireSession>;
}

function schemaOf(kind: LetterTemplate) {
  return kind === 'appointment_notice' ? AppointmentNoticeFieldsSchema : kind === 'waiting_list' ? WaitingListFieldsSchema : GeneralLetterFieldsSchema;
}

/** Only non-empty fields are sent (optional ones may be left out). */
function compact(f: Fields): Fields {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== ''));
}

function NewLetter() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('letters.new.docTitle'));

  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const patients = usePatients(unitId, search);
  const [patient, setPatient] = useState<PatientHit | undefined>();
  const [kind, setKind] = useState<Kind>('appointment_notice');
  const [fields, setFields] = useState<Fields>({});
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [important, setImportant] = useState(true);
  const [hide, setHide] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = useRef<string | undefined>(undefined);

  const sendLetter = useMutation({
    mutationFn: async () => {
      key.current ??= newKey();
      const common = { contactId: patient!.contactId, important, hideFromParents: hide };
      if (kind === 'pdf') return sendPdfLetter(unitId, { ...common, title }, file!, key.current);
      return sendTemplateLetter(unitId, { ...common, template: kind, fields: compact(fields) } as Parameters<typeof sendTemplateLetter>[1], key.current);
    },
    onSuccess: (letter) => {
      key.current = undefined;
      void qc.invalidateQueries({ queryKey: letterKeys.unit(unitId) });
      void navigate(`/clinician/units/${unitId}/letters`, { state: { sentTo: letter.citizen.name } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status !== 0 && error.status < 500) key.current = undefined;
    },
  });

  const changed = () => {
    key.current = undefined;
    if (sendLetter.isError) sendLetter.reset();
  };
  const setField = (name: string, value: string) => {
    setFields((f) => ({ ...f, [name]: value }));
    changed();
  };

  let preview: { title: string; body: string } | undefined;
  if (kind !== 'pdf') {
    const parsed = schemaOf(kind).safeParse(compact(fields));
    if (parsed.success) preview = renderLetter({ template: kind, fields: parsed.data } as Parameters<typeof renderLetter>[0], unit?.name ?? '');
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!patient) errs.patient = t('letters.new.err.patient');
    if (kind === 'pdf') {
      if (!title.trim()) errs.title = t('letters.new.err.required');
      if (!file) errs.file = t('letters.new.err.file');
      else if (file.size > MAX_LETTER_PDF_BYTES) errs.file = t('letters.new.err.fileSize');
    } else {
      const parsed = schemaOf(kind).safeParse(compact(fields));
      if (!parsed.success)
        for (const i of parsed.error.issues)
          errs[String(i.path[0])] ??= t(i.code === 'too_small' || i.code === 'invalid_type' ? 'letters.new.err.required' : 'letters.new.err.format');
    }
    setErrors(errs);
    if (Object.keys(errs).length === 0) sendLetter.mutate();
  };

  const field = (name: string, label: string, opts: { type?: 'text' | 'date' | 'time' | 'tel'; help?: string; optional?: boolean } = {}) => (
    <div className="hd-field" key={name}>
      <Input
        inputId={`f-${name}`}
        label={opts.optional ? `${label} ${t('letters.new.optional')}` : label}
        type={opts.type ?? 'text'}
        value={fields[name] ?? ''}
        onChange={(e) => setField(name, e.target.value)}
        errorText={errors[name]}
        error={!!errors[name]}
        autoComplete="off"
      />
      {opts.help && <p className="hd-help">{opts.help}</p>}
    </div>
  );

  return (
    <>
      <BackLink to={`/clinician/units/${unitId}/letters`}>{t('letters.back.unit')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('letters.new.title')}
      </Title>
      <p className="hd-lead">{t('letters.new.intro')}</p>

      <form
        className="hd-form"
        role="search"
        aria-label={t('letters.new.searchLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(query.trim());
        }}
      >
        <div className="hd-field">
          <Input inputId="patient-q" label={t('letters.new.search')} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          <p className="hd-help">{t('letters.new.searchHelp')}</p>
        </div>
        <Button type="submit" variant="outline">
          {t('letters.new.searchButton')}
        </Button>
      </form>

      <form className="hd-form" onSubmit={submit} noValidate>
        {search.length >= 2 && (
          <div className="hd-field">
            {patients.isPending ? (
              <PageLoader />
            ) : patients.isError ? (
              <ErrorPanel error={patients.error} />
            ) : patients.data.filter((p) => p.status === 'active').length === 0 ? (
              <p role="status">{t('letters.new.noPatients')}</p>
            ) : (
              <FormGroup legend={t('letters.new.patient')} error={errors.patient}>
                {patients.data
                  .filter((p) => p.status === 'active')
                  .map((p) => (
                    <RadioButton
                      key={p.contactId}
                      inputId={`p-${p.contactId}`}
                      name="patient"
                      value={p.contactId}
                      label={`${p.name} (${t('letters.unit.born', { date: formatDate(p.birthDate, locale) })})`}
                      checked={patient?.contactId === p.contactId}
                      onChange={() => {
                        setPatient(p);
                        changed();
                      }}
                    />
                  ))}
              </FormGroup>
            )}
          </div>
        )}
        {patient ? (
          <p className="hd-lead">{t('letters.new.to', { name: patient.name })}</p>
        ) : (
          errors.patient && (
            <p className="hd-help" role="alert">
              {errors.patient}
            </p>
          )
        )}

        <div className="hd-field">
          <FormGroup legend={t('letters.new.kind')}>
            {KINDS.map((k) => (
              <RadioButton
                key={k}
                inputId={`kind-${k}`}
                name="kind"
                value={k}
                label={t(`letters.kind.${k}`)}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setErrors({});
                  changed();
                }}
              />
            ))}
          </FormGroup>
        </div>

        {kind === 'appointment_notice' && (
          <>
            {field('date', t('letters.f.date'), { type: 'date' })}
            {field('time', t('letters.f.time'), { type: 'time' })}
            {field('place', t('letters.f.place'), { help: t('letters.f.placeHelp') })}
            {field('bring', t('letters.f.bring'), { optional: true })}
            {field('contactPhone', t('letters.f.contactPhone'), { type: 'tel', optional: true })}
          </>
        )}
        {kind === 'waiting_list' && (
          <>
            {field('expected', t('letters.f.expected'), { help: t('letters.f.expectedHelp') })}
            {field('contactPhone', t('letters.f.contactPhone'), { type: 'tel', optional: true })}
          </>
        )}
        {kind === 'general' && (
          <>
            {field('title', t('letters.f.title'))}
            <div className="hd-field">
              <Textarea
                textareaId="f-text"
                label={t('letters.f.text')}
                value={fields.text ?? ''}
                onChange={(e) => setField('text', e.target.value)}
                maxCharacters={MAX_LETTER_TEXT}
                resources={{ characters: t('letters.f.maxText') }}
                minRows={8}
                grow
                errorText={errors.text}
                error={!!errors.text}
              />
              <p className="hd-help">{t('letters.f.textHelp')}</p>
            </div>
          </>
        )}
        {kind === 'pdf' && (
          <>
            <div className="hd-field">
              <Input
                inputId="f-pdf-title"
                label={t('letters.f.title')}
                value={title}
                onChange={(e) => {
                  setTitle(e.target.value);
                  changed();
                }}
                errorText={errors.title}
                error={!!errors.title}
                autoComplete="off"
              />
            </div>
            <div className="hd-field">
              <label className="hd-label" htmlFor="f-pdf">
                {t('letters.f.pdf')}
              </label>
              <p className="hd-help" id="f-pdf-help">
                {t('letters.f.pdfHelp')}
              </p>
              <input
                id="f-pdf"
                type="file"
                accept="application/pdf,.pdf"
                aria-describedby="f-pdf-help"
                aria-invalid={!!errors.file}
                onChange={(e) => {
                  setFile(e.target.files?.[0]);
                  changed();
                }}
              />
              {errors.file && (
                <p className="hd-help" role="alert">
                  {errors.file}
                </p>
              )}
            </div>
          </>
        )}

        <div className="hd-field">
          <Checkbox
            inputId="f-important"
            label={t('letters.f.important')}
            checked={important}
            onChange={(e) => {
              setImportant(e.target.checked);
              changed();
            }}
          />
          <Checkbox
            inputId="f-hide"
            label={t('letters.f.hide')}
            checked={hide}
            onChange={(e) => {
              setHide(e.target.checked);
              changed();
            }}
          />
        </div>

        {preview && (
          <section aria-label={t('letters.new.preview')}>
            <Title htmlMarkup="h2" appearance="title3" margin={{ marginTop: 1, marginBottom: 0.5 }}>
              {t('letters.new.preview')}
            </Title>
            <article className="hd-letter hd-letter--preview">
              <Title htmlMarkup="h3" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
                {preview.title}
              </Title>
              <div className="hd-letter__body">{preview.body}</div>
            </article>
          </section>
        )}

        {sendLetter.isError && (
          <div className="hd-field">
            <ErrorPanel error={sendLetter.error} title={t('letters.new.failed')} />
          </div>
        )}
        <NotificationPanel variant="info" size="small">
          <p className="hd-panel-text">{t('letters.new.notice')}</p>
        </NotificationPanel>
        <div className="hd-actions">
          <Button type="submit" disabled={sendLetter.isPending}>
            {sendLetter.isPending ? t('letters.new.sending') : t('letters.new.send')}
          </Button>
        </div>
      </form>
    </>
  );
}
