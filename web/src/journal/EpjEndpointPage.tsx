/**
 * /clinician/units/:unitId/epj — where the unit documents to (its EPJ endpoint): administrators
 * change it, other members read it; administrators also see what waits, and every rejected or
 * dead item (messages, appointments, letters) with its reason and attempts, and send them again.
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import './journal.scss';
import type { EndpointView } from '@helsedialog/core';
import { journalKeys, saveEpjEndpoint, useEpjEndpoint, useJournalProblems, useResend, type EndpointInput } from './api.ts';
import { formatDate } from '../lib/format.ts';

export function EpjEndpointPage() {
  return <RequireSession kind="staff">{() => <EpjEndpoint />}</RequireSession>;
}

function EpjEndpoint() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const unit = units.data?.items.find((u) => u.id === unitId);
  const endpoint = useEpjEndpoint(unitId);
  useDocumentTitle(t('journal.page.docTitle', { unit: unit?.name ?? '' }));
  if (endpoint.isPending || units.isPending) return <PageLoader />;
  if (endpoint.isError) return <ErrorPanel error={endpoint.error} headingLevel="h1" onRetry={() => void endpoint.refetch()} />;
  const v = endpoint.data;
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}`}>{t('dialog.staff.back')}</BackLink>
      {unit && <p className="hd-greeting">{unit.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('journal.page.title')}
      </Title>
      <p className="hd-lead">{t('journal.page.lead')}</p>
      <section className="hd-panel" aria-labelledby="epj-endpoint">
        <div className="hd-admin-service__head">
          <Title id="epj-endpoint" htmlMarkup="h2" appearance="title4" margin={0}>
            {t('journal.endpoint.title')}
          </Title>
          {v.endpoint && <Tag color={v.endpoint.enabled ? 'kiwi' : 'neutral'}>{v.endpoint.enabled ? t('journal.endpoint.on') : t('journal.endpoint.off')}</Tag>}
        </div>
        {!v.endpoint && <p>{t('journal.endpoint.none')}</p>}
        {v.canEdit ? <EndpointForm unitId={unitId} view={v} /> : <EndpointSummary view={v} />}
      </section>
      {v.canEdit && <JournalProblems unitId={unitId} />}
    </>
  );
}

function EndpointSummary({ view }: { view: EndpointView }) {
  const { t } = useI18n();
  const e = view.endpoint;
  return (
    <>
      {e && (
        <dl className="hd-facts">
          <div>
            <dt>{t('journal.endpoint.protocol')}</dt>
            <dd>{t(`journal.endpoint.protocol.${e.protocol}`)}</dd>
          </div>
          <div>
            <dt>{t('journal.endpoint.transport')}</dt>
            <dd>{t(`journal.endpoint.transport.${e.transport}`)}</dd>
          </div>
          <div>
            <dt>{t('journal.endpoint.url')}</dt>
            <dd className="hd-break">{e.url}</dd>
          </div>
          {e.queue && (
            <div>
              <dt>{t('journal.endpoint.queue')}</dt>
              <dd>{e.queue}</dd>
            </div>
          )}
        </dl>
      )}
      <p className="hd-help">{t('journal.page.readonly')}</p>
    </>
  );
}

function EndpointForm({ unitId, view }: { unitId: string; view: EndpointView }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const e = view.endpoint;
  const [protocol, setProtocol] = useState<'fhir' | 'kith'>(e?.protocol ?? 'kith');
  const [transport, setTransport] = useState<'http' | 'amqp' | 'amqp1'>(e?.transport ?? 'http');
  const [url, setUrl] = useState(e?.url ?? '');
  const [queue, setQueue] = useState(e?.queue ?? '');
  const [tokenUrl, setTokenUrl] = useState(e?.auth?.tokenUrl ?? '');
  const [clientId, setClientId] = useState(e?.auth?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [enabled, setEnabled] = useState(e?.enabled ?? true);
  const [senderName, setSenderName] = useState(e?.settings.senderName ?? '');
  const [senderHerId, setSenderHerId] = useState(e?.settings.senderHerId ?? '');
  const [receiverHerId, setReceiverHerId] = useState(e?.settings.receiverHerId ?? '');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: EndpointInput) => saveEpjEndpoint(unitId, body),
    onSuccess: (data) => {
      qc.setQueryData(journalKeys.endpoint(unitId), data);
      setSecret('');
    },
    onError: (err) => {
      // The server names the field (e.g. "url: must start with https://"): show it at the field, in the user's language.
      const detail = (err as { detail?: unknown }).detail;
      if (typeof detail === 'string' && /^url:/.test(detail))
        setMissing((m) => ({ ...m, url: t(transport !== 'http' && protocol !== 'fhir' ? 'journal.endpoint.badUrl.amqp' : 'journal.endpoint.badUrl.http') }));
    },
  });
  const fhir = protocol === 'fhir';
  const amqp = transport !== 'http' && !fhir;
  // A queue of its own is needed for AMQP 0-9-1 only; the AMQP 1.0 bus names queues by HER-id.
  const needsQueue = transport === 'amqp' && !fhir;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const need: Record<string, string> = {};
    const req = (key: string, value: string, label: string) => {
      if (!value.trim()) need[key] = t('journal.endpoint.required', { field: label.toLowerCase() });
    };
    req('url', url, t('journal.endpoint.url'));
    if (!need.url && !urlFits(url.trim(), amqp)) need.url = t(amqp ? 'journal.endpoint.badUrl.amqp' : 'journal.endpoint.badUrl.http');
    if (needsQueue) req('queue', queue, t('journal.endpoint.queue'));
    if (!fhir) {
      if (senderHerId.trim() && !/^\d+$/.test(senderHerId.trim())) need.senderHerId = t('journal.endpoint.herDigits');
      if (receiverHerId.trim() && !/^\d+$/.test(receiverHerId.trim())) need.receiverHerId = t('journal.endpoint.herDigits');
    }
    if (fhir) {
      req('tokenUrl', tokenUrl, t('journal.endpoint.tokenUrl'));
      req('clientId', clientId, t('journal.endpoint.clientId'));
      if (!e?.auth?.clientSecretSet || e.auth.clientId !== clientId.trim()) req('secret', secret, t('journal.endpoint.clientSecret'));
    }
    setMissing(need);
    if (Object.keys(need).length) return;
    save.mutate({
      protocol,
      transport: fhir ? 'http' : transport,
      url: url.trim(),
      queue: amqp && queue.trim() ? queue.trim() : null,
      auth: fhir ? { tokenUrl: tokenUrl.trim(), clientId: clientId.trim(), ...(secret ? { clientSecret: secret } : {}) } : null,
      settings: fhir
        ? (e?.settings ?? {})
        : {
            ...(senderName.trim() ? { senderName: senderName.trim() } : {}),
            ...(senderHerId.trim() ? { senderHerId: senderHerId.trim() } : {}),
            ...(receiverHerId.trim() ? { receiverHerId: receiverHerId.trim() } : {}),
          },
      enabled,
    });
  };
  return (
    <form onSubmit={submit} noValidate className="hd-form">
      <div className="hd-field">
        <FormGroup legend={t('journal.endpoint.protocol')}>
          {(['kith', 'fhir'] as const).map((p) => (
            <RadioButton
              key={p}
              inputId={`epj-protocol-${p}`}
              name="epj-protocol"
              value={p}
              label={t(`journal.endpoint.protocol.${p}`)}
              checked={protocol === p}
              onChange={() => {
                setProtocol(p);
                save.reset();
              }}
            />
          ))}
        </FormGroup>
      </div>
      {!fhir && (
        <div className="hd-field">
          <FormGroup legend={t('journal.endpoint.transport')}>
            {(['http', 'amqp1', 'amqp'] as const).map((x) => (
              <RadioButton
                key={x}
                inputId={`epj-transport-${x}`}
                name="epj-transport"
                value={x}
                label={t(`journal.endpoint.transport.${x}`)}
                checked={transport === x}
                onChange={() => setTransport(x)}
              />
            ))}
          </FormGroup>
        </div>
      )}
      <div className="hd-field">
        <Input
          inputId="epj-url"
          label={t('journal.endpoint.url')}
          value={url}
          onChange={(ev) => setUrl(ev.target.value)}
          autoComplete="off"
          errorText={missing.url}
          error={!!missing.url}
        />
        <p className="hd-help">{amqp ? t('journal.endpoint.urlHelp.amqp') : t('journal.endpoint.urlHelp.http')}</p>
      </div>
      {amqp && (
        <div className="hd-field">
          <Input
            inputId="epj-queue"
            label={t('journal.endpoint.queue')}
            value={queue}
            onChange={(ev) => setQueue(ev.target.value)}
            errorText={missing.queue}
            error={!!missing.queue}
          />
        </div>
      )}
      {fhir && (
        <>
          <div className="hd-field">
            <Input
              inputId="epj-token-url"
              label={t('journal.endpoint.tokenUrl')}
              value={tokenUrl}
              onChange={(ev) => setTokenUrl(ev.target.value)}
              errorText={missing.tokenUrl}
              error={!!missing.tokenUrl}
            />
          </div>
          <div className="hd-field">
            <Input
              inputId="epj-client-id"
              label={t('journal.endpoint.clientId')}
              value={clientId}
              onChange={(ev) => setClientId(ev.target.value)}
              autoComplete="off"
              errorText={missing.clientId}
              error={!!missing.clientId}
            />
          </div>
          <div className="hd-field">
            <Input
              inputId="epj-secret"
              type="password"
              label={t('journal.endpoint.clientSecret')}
              value={secret}
              onChange={(ev) => setSecret(ev.target.value)}
              autoComplete="new-password"
              errorText={missing.secret}
              error={!!missing.secret}
            />
            <p className="hd-help">{e?.auth?.clientSecretSet ? t('journal.endpoint.secretSet') : t('journal.endpoint.secretUnset')}</p>
          </div>
        </>
      )}
      {!fhir && (
        <>
          <div className="hd-field">
            <Input inputId="epj-sender-name" label={t('journal.endpoint.senderName')} value={senderName} onChange={(ev) => setSenderName(ev.target.value)} />
          </div>
          <div className="hd-field">
            <Input
              inputId="epj-sender-her"
              label={t('journal.endpoint.senderHerId')}
              value={senderHerId}
              inputMode="numeric"
              onChange={(ev) => setSenderHerId(ev.target.value)}
              errorText={missing.senderHerId}
              error={!!missing.senderHerId}
            />
          </div>
          <div className="hd-field">
            <Input
              inputId="epj-receiver-her"
              label={t('journal.endpoint.receiverHerId')}
              value={receiverHerId}
              inputMode="numeric"
              onChange={(ev) => setReceiverHerId(ev.target.value)}
              errorText={missing.receiverHerId}
              error={!!missing.receiverHerId}
            />
            <p className="hd-help">{t('journal.endpoint.herHelp')}</p>
          </div>
        </>
      )}
      <div className="hd-field">
        <Checkbox inputId="epj-enabled" label={t('journal.endpoint.enabled')} checked={enabled} onChange={(ev) => setEnabled(ev.target.checked)} />
      </div>
      <ProblemNotice error={save.error} title={t('journal.endpoint.saveFailed')} />
      <div className="hd-actions">
        <Button type="submit" variant="outline" disabled={save.isPending}>
          {t('journal.endpoint.save')}
        </Button>
        {save.isSuccess && (
          <span role="status" className="hd-muted">
            {t('journal.endpoint.saved')}
          </span>
        )}
      </div>
    </form>
  );
}

/** Whether a URL fits the transport: http(s) (or a path on this server, for the development EPJ), or amqp(s). */
function urlFits(url: string, amqp: boolean): boolean {
  if (!amqp && url.startsWith('/')) return true;
  try {
    const u = new URL(url);
    return (amqp ? ['amqp:', 'amqps:'] : ['http:', 'https:']).includes(u.protocol) && !!u.hostname;
  } catch {
    return false;
  }
}

function JournalProblems({ unitId }: { unitId: string }) {
  const { t, locale } = useI18n();
  const list = useJournalProblems(unitId, true);
  const resend = useResend();
  const waiting = list.data?.waiting;
  return (
    <section className="hd-panel" aria-labelledby="epj-problems">
      <Title id="epj-problems" htmlMarkup="h2" appearance="title4" margin={0}>
        {t('journal.problems.title')}
      </Title>
      {waiting && (
        <p role="status">
          {waiting.count && waiting.oldestAt
            ? t('journal.waiting.some', { count: waiting.count, date: formatDate(waiting.oldestAt, locale) })
            : t('journal.waiting.none')}
        </p>
      )}
      <p className="hd-help">{t('journal.problems.lead')}</p>
      {list.isPending && <PageLoader />}
      {list.isError && <ErrorPanel error={list.error} headingLevel="h2" onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && <p>{t('journal.problems.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="hd-list">
          {list.data.items.map((i) => {
            const kind = ['message', 'appointment', 'letter'].includes(i.objectType) ? (i.objectType as 'message' | 'appointment' | 'letter') : 'message';
            return (
              <li key={i.itemId} className="hd-journal">
                <p>
                  <strong>{t(`journal.dead.object.${kind}`)}</strong>
                  {i.at && <> {t('journal.item.at', { date: formatDate(i.at, locale) })}</>} · <Tag color="cherry">{t(`journal.status.${i.status}`)}</Tag> ·{' '}
                  {t('journal.dead.created', { date: formatDate(i.createdAt, locale) })} · {t('journal.dead.attempts', { count: i.attempts })}
                </p>
                {i.reason && <p className="hd-journal__reason">{t('journal.reason', { reason: i.reason })}</p>}
                <div className="hd-actions">
                  {i.threadId && (
                    <Link className="hd-link" to={`/clinician/threads/${i.threadId}`}>
                      {t('journal.dead.openThread')}
                    </Link>
                  )}
                  <Button
                    variant="outline"
                    onClick={() => resend.mutate(i.itemId)}
                    disabled={resend.isPending}
                    aria-label={`${t('journal.resendFor')}: ${t(`journal.dead.object.${kind}`)}`}
                  >
                    {t('journal.resend')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ProblemNotice error={resend.error} title={t('journal.resendFailed')} />
    </section>
  );
}
