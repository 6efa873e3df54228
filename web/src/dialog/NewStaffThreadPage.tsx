/** /clinician/units/:unitId/new — staff start a conversation with a patient of the unit. */
import { MAX_TEXT, NewStaffThreadSchema, unitMayStart } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { dialogKeys, startStaffThread, usePatientSearch, useUnitServices, type PatientHit } from '../api/dialog.ts';
import { useStaffUnits } from '../api/queries.ts';
import { RequireSession } from '../components/RequireSession.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { AttachmentPicker, fieldErrors } from './components.tsx';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { newKey } from '../api/client.ts';
import { formatDate } from '../lib/format.ts';

type StaffKind = 'ekontakt' | 'ekonsultasjon' | 'standarddialog';
const STAFF_KINDS = ['ekontakt', 'ekonsultasjon', 'standarddialog'] as const satisfies readonly StaffKind[];

export function NewStaffThreadPage() {
  return <RequireSession kind="staff">{() => <NewStaffThread />}</RequireSession>;
}

function NewStaffThread() {
  const { t, locale } = useI18n();
  const { unitId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('dialog.new.docTitle'));
  const [q, setQ] = useState('');
  const deferred = useDeferredValue(q);
  const hits = usePatientSearch(unitId, deferred);
  const [patient, setPatient] = useState<PatientHit | undefined>();
  // Only the services the unit has on for messages it starts (core's unitMayStart); the first of
  // them is the default, so Send never fails on a service the unit switched off.
  const services = useUnitServices(unitId);
  const startable = STAFF_KINDS.filter((k) => unitMayStart(services.data?.items.find((s) => s.service === k)));
  const [chosenKind, setKind] = useState<StaffKind | undefined>(undefined);
  const kind: StaffKind =
    chosenKind && startable.includes(chosenKind) ? chosenKind : (startable[0] ?? (unit?.kind === 'gp_office' ? 'ekontakt' : 'standarddialog'));
  const [topic, setTopic] = useState('');
  const [text, setText] = useState('');
  const [important, setImportant] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = useRef<string | undefined>(undefined);
  const send = useMutation({
    mutationFn: (body: { contactId: string; kind: StaffKind; topic: string; text: string; important?: boolean }) => {
      key.current ??= newKey();
      return startStaffThread(unitId, body, files, key.current);
    },
    onSuccess: (detail) => {
      key.current = undefined;
      qc.setQueryData(dialogKeys.staffThread(detail.id), detail);
      void qc.invalidateQueries({ queryKey: ['dialog', 'staff', 'inbox'] });
      void navigate(`/clinician/threads/${detail.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status !== 0 && err.status < 500) key.current = undefined;
    },
  });
  const changed = () => {
    key.current = undefined;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = NewStaffThreadSchema.safeParse({ contactId: patient?.contactId ?? '', kind, topic, text, important });
    if (!parsed.success) {
      const fe = fieldErrors(parsed.error, t);
      if (fe.contactId) fe.contactId = t('dialog.new.patientRequired');
      setErrors(fe);
      return;
    }
    setErrors({});
    send.mutate({
      contactId: parsed.data.contactId,
      kind: parsed.data.kind,
      topic: parsed.data.topic,
      text: parsed.data.text,
      ...(important ? { important: true } : {}),
    });
  };

  return (
    <>
      <BackLink to={`/clinician/units/${unitId}`}>{t('dialog.staff.back')}</BackLink>
      {unit && <p className="hd-greeting">{unit.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 1 }}>
        {t('dialog.new.title')}
      </Title>
      <form className="hd-form" onSubmit={submit} noValidate>
        {patient ? (
          <div className="hd-field">
            <p>
              <span className="hd-label">{t('dialog.new.chosen')}: </span>
              {patient.name}, {t('dialog.inbox.born', { date: formatDate(patient.birthDate, locale, 'medium') })}
            </p>
            <Button variant="borderless" onClick={() => setPatient(undefined)}>
              {t('dialog.new.change')}
            </Button>
          </div>
        ) : (
          <div className="hd-field">
            <Input
              inputId="patient-q"
              label={t('dialog.new.search')}
              aria-describedby="patient-q-help"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              autoComplete="off"
              errorText={errors.contactId}
              error={!!errors.contactId}
            />
            <p id="patient-q-help" className="hd-help">
              {t('dialog.new.searchHelp')}
            </p>
            {hits.data && (
              <ul className="hd-patients" aria-live="polite">
                {hits.data.items.length === 0 && <li>{t('dialog.new.noHits')}</li>}
                {hits.data.items.map((p) => (
                  <li key={p.contactId}>
                    <span>
                      {p.name}, {t('dialog.inbox.born', { date: formatDate(p.birthDate, locale, 'medium') })}
                      {p.status === 'previous' && <span className="hd-muted"> – {t('dialog.new.previous')}</span>}
                    </span>
                    <Button variant="outline" onClick={() => setPatient(p)} disabled={p.status === 'previous'}>
                      {t('dialog.new.choose', { name: p.name })}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="hd-field">
          <Select
            selectId="new-kind"
            label={t('dialog.new.kind')}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as StaffKind);
              changed();
            }}
          >
            {startable.map((k) => (
              <option key={k} value={k}>
                {t(`dialog.kind.${k}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-field">
          <Input
            inputId="new-topic"
            label={t('dialog.write.topic')}
            value={topic}
            onChange={(e) => {
              setTopic(e.target.value);
              changed();
            }}
            errorText={errors.topic}
            error={!!errors.topic}
          />
        </div>
        <div className="hd-field">
          <Textarea
            textareaId="new-text"
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
        <div className="hd-field">
          <Checkbox inputId="new-important" label={t('dialog.staff.important')} checked={important} onChange={(e) => setImportant(e.target.checked)} />
        </div>
        <AttachmentPicker
          files={files}
          onChange={(f) => {
            setFiles(f);
            changed();
          }}
          disabled={send.isPending}
        />
        <ProblemNotice error={send.error} />
        <div className="hd-actions">
          <Button type="submit" disabled={send.isPending}>
            {send.isPending ? t('dialog.write.sending') : t('dialog.write.send')}
          </Button>
        </div>
      </form>
    </>
  );
}
