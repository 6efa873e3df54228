/**
 * /clinician/units/:unitId/rules — the unit's dialog rules (docs/dialog-rules.md): my unread
 * notices, absences with their cover (everyone registers their own; administrators also a
 * colleague's), topics with guidance and routing (administrators change them), and what happens
 * when an answer date passes (administrators set it).
 */
import {
  EscalationSettingsSchema,
  NewAbsenceSchema,
  SERVICES,
  TopicInputSchema,
  type EscalationSettings,
  type Service,
  type TopicInput,
  type UnitTopic,
} from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Select from '@helsenorge/designsystem-react/components/Select';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMembers, type UnitMember } from '../api/dialog.ts';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import {
  addAbsence,
  createTopic,
  endAbsence,
  markNoticeRead,
  noticeText,
  rulesKeys,
  saveEscalation,
  updateTopic,
  useAbsences,
  useEscalation,
  useNotices,
  useTopics,
} from './api.ts';
import './rules.scss';
import { formatDateTime } from '../lib/format.ts';

const ROLES = ['doctor', 'nurse', 'secretary', 'coordinator'] as const;
/** Services a citizen writes in with a topic. */
const TOPIC_SERVICES = SERVICES.filter((s) => s === 'ekontakt' || s === 'ekonsultasjon' || s === 'standarddialog');

export function RulesPage() {
  return <RequireSession kind="staff">{() => <Rules />}</RequireSession>;
}

function Rules() {
  const { t } = useI18n();
  const { unitId = '' } = useParams();
  const units = useStaffUnits();
  const unit = units.data?.items.find((u) => u.id === unitId);
  const members = useMembers(unitId);
  useDocumentTitle(t('rules.docTitle', { unit: unit?.name ?? '' }));
  if (units.isPending || members.isPending) return <PageLoader />;
  if (members.isError) return <ErrorPanel error={members.error} headingLevel="h1" onRetry={() => void members.refetch()} />;
  const isAdmin = !!unit?.isAdmin;
  return (
    <>
      <BackLink to={`/clinician/units/${unitId}`}>{t('dialog.staff.back')}</BackLink>
      {unit && <p className="hd-greeting">{unit.name}</p>}
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('rules.title')}
      </Title>
      <p className="hd-lead">{t('rules.lead')}</p>
      <Notices />
      <Absences unitId={unitId} members={members.data.items} isAdmin={isAdmin} />
      <Topics unitId={unitId} isAdmin={isAdmin} />
      <Escalation unitId={unitId} members={members.data.items} isAdmin={isAdmin} />
    </>
  );
}

function Notices() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const notices = useNotices();
  const read = useMutation({ mutationFn: markNoticeRead, onSuccess: () => void qc.invalidateQueries({ queryKey: rulesKeys.notices }) });
  return (
    <section className="hd-panel" aria-labelledby="rules-notices">
      <Title id="rules-notices" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('rules.notices.title')}
      </Title>
      {notices.isPending ? (
        <PageLoader />
      ) : notices.isError ? (
        <ErrorPanel error={notices.error} onRetry={() => void notices.refetch()} />
      ) : notices.data.items.length === 0 ? (
        <p>{t('rules.notices.empty')}</p>
      ) : (
        <ul className="hd-rules-list">
          {notices.data.items.map((n) => (
            <li key={n.id}>
              <span>
                {noticeText(t, n)}{' '}
                <span className="hd-muted">({formatDateTime(n.createdAt, locale)})</span>
              </span>
              <span className="hd-actions">
                {n.threadId && (
                  <Link className="hd-link" to={`/clinician/threads/${n.threadId}`}>
                    {t('rules.notices.open')}
                  </Link>
                )}
                <Button variant="borderless" onClick={() => read.mutate(n.id)} disabled={read.isPending}>
                  {t('rules.notices.read')}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ProblemNotice error={read.error} />
    </section>
  );
}

/** A date input's value at a wall-clock time in the browser's time zone, as an ISO instant (undefined when empty). */
function instant(date: string, time: string): string | undefined {
  const d = new Date(`${date}T${time}`);
  return date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function Absences({ unitId, members, isAdmin }: { unitId: string; members: UnitMember[]; isAdmin: boolean }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const absences = useAbsences(unitId);
  const [whose, setWhose] = useState('');
  const [cover, setCover] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [invalid, setInvalid] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: rulesKeys.absences(unitId) });
  const add = useMutation({ mutationFn: (body: Parameters<typeof addAbsence>[1]) => addAbsence(unitId, body), onSuccess: refresh });
  const end = useMutation({ mutationFn: (id: string) => endAbsence(unitId, id), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = NewAbsenceSchema.safeParse({ ...(whose ? { staffId: whose } : {}), coverStaffId: cover, startsAt: instant(from, '00:00'), endsAt: instant(to, '23:59:59') });
    setInvalid(!parsed.success);
    if (parsed.success) add.mutate(parsed.data);
  };
  return (
    <section className="hd-panel" aria-labelledby="rules-absence">
      <Title id="rules-absence" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('rules.absence.title')}
      </Title>
      <p>{t('rules.absence.lead')}</p>
      {absences.isPending ? (
        <PageLoader />
      ) : absences.isError ? (
        <ErrorPanel error={absences.error} onRetry={() => void absences.refetch()} />
      ) : absences.data.items.length === 0 ? (
        <p className="hd-muted">{t('rules.absence.empty')}</p>
      ) : (
        <ul className="hd-rules-list">
          {absences.data.items.map((a) => (
            <li key={a.id}>
              <span>
                {a.current && <Tag color="banana">{t('rules.absence.now')}</Tag>}{' '}
                {t('rules.absence.row', {
                  name: a.staff.name,
                  from: formatDateTime(a.startsAt, locale),
                  to: formatDateTime(a.endsAt, locale),
                  cover: a.cover.name,
                })}
              </span>
              <Button variant="borderless" onClick={() => end.mutate(a.id)} disabled={end.isPending}>
                {t('rules.absence.end')}
                <span className="hd-visually-hidden"> – {a.staff.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ProblemNotice error={end.error} />
      <form className="hd-form" onSubmit={submit} noValidate>
        {isAdmin && (
          <div className="hd-field">
            <Select selectId="absence-whose" label={t('rules.absence.whose')} value={whose} onChange={(e) => setWhose(e.target.value)}>
              <option value="">{t('rules.absence.me')}</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </Select>
          </div>
        )}
        <div className="hd-field">
          <Select
            selectId="absence-cover"
            label={t('rules.absence.cover')}
            value={cover}
            onChange={(e) => setCover(e.target.value)}
            errorText={invalid && !cover ? t('rules.absence.invalid') : undefined}
          >
            <option value="">{t('rules.absence.chooseCover')}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-field">
          <Input inputId="absence-from" type="date" label={t('rules.absence.from')} value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="hd-field">
          <Input
            inputId="absence-to"
            type="date"
            label={t('rules.absence.to')}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            errorText={invalid && cover ? t('rules.absence.invalid') : undefined}
            error={invalid && !!cover}
          />
        </div>
        <ProblemNotice error={add.error} title={t('rules.absence.failed')} />
        <div className="hd-actions">
          <Button type="submit" disabled={add.isPending}>
            {t('rules.absence.save')}
          </Button>
          {add.isSuccess && (
            <span role="status" className="hd-muted">
              {t('rules.absence.saved')}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

function Topics({ unitId, isAdmin }: { unitId: string; isAdmin: boolean }) {
  const { t } = useI18n();
  const topics = useTopics(unitId);
  const [editing, setEditing] = useState<UnitTopic | 'new' | undefined>();
  return (
    <section className="hd-panel" aria-labelledby="rules-topics">
      <Title id="rules-topics" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('rules.topics.title')}
      </Title>
      <p>{t('rules.topics.lead')}</p>
      {topics.isPending ? (
        <PageLoader />
      ) : topics.isError ? (
        <ErrorPanel error={topics.error} onRetry={() => void topics.refetch()} />
      ) : topics.data.items.length === 0 ? (
        <p className="hd-muted">{t('rules.topics.empty')}</p>
      ) : (
        TOPIC_SERVICES.filter((s) => topics.data.items.some((x) => x.service === s)).map((service) => (
          <div key={service}>
            <Title htmlMarkup="h3" appearance="title4" margin={{ marginTop: 1, marginBottom: 0.5 }}>
              {t(`dialog.service.${service}`)}
            </Title>
            <ul className="hd-rules-list">
              {topics.data.items
                .filter((x) => x.service === service)
                .map((x) => (
                  <li key={x.id}>
                    <span>
                      <strong>{x.texts.nb.label}</strong> {!x.active && <Tag color="neutral">{t('rules.topics.inactive')}</Tag>}
                      {x.texts.nb.guidance && <span className="hd-help">{x.texts.nb.guidance}</span>}
                      {x.rolePool && <span className="hd-muted">{t('rules.topics.routesTo', { pool: t(`rules.role.${x.rolePool}`) })}</span>}
                    </span>
                    {isAdmin && (
                      <Button variant="borderless" onClick={() => setEditing(x)}>
                        {t('rules.topics.edit')}
                        <span className="hd-visually-hidden"> – {x.texts.nb.label}</span>
                      </Button>
                    )}
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
      {isAdmin &&
        (editing ? (
          <TopicForm key={editing === 'new' ? 'new' : editing.id} unitId={unitId} topic={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />
        ) : (
          <div className="hd-actions">
            <Button variant="outline" onClick={() => setEditing('new')}>
              {t('rules.topics.add')}
            </Button>
          </div>
        ))}
    </section>
  );
}

const OTHER_LANGUAGES = ['nn', 'se', 'en'] as const;
type OtherLanguage = (typeof OTHER_LANGUAGES)[number];

function TopicForm({ unitId, topic, onDone }: { unitId: string; topic: UnitTopic | undefined; onDone: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [service, setService] = useState<Service>(topic?.service ?? 'ekontakt');
  const [label, setLabel] = useState(topic?.texts.nb.label ?? '');
  const [guidance, setGuidance] = useState(topic?.texts.nb.guidance ?? '');
  // Nynorsk, Sami and English are optional: a citizen reading in a language without a text sees the bokmål one, marked.
  const [other, setOther] = useState<Record<OtherLanguage, { label: string; guidance: string }>>(() => {
    const of = (l: OtherLanguage) => ({ label: topic?.texts[l]?.label ?? '', guidance: topic?.texts[l]?.guidance ?? '' });
    return { nn: of('nn'), se: of('se'), en: of('en') };
  });
  const setText = (l: OtherLanguage, part: 'label' | 'guidance', value: string) => setOther((o) => ({ ...o, [l]: { ...o[l], [part]: value } }));
  const [pool, setPool] = useState(topic?.rolePool ?? '');
  const [active, setActive] = useState(topic?.active ?? true);
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (body: TopicInput) => (topic ? updateTopic(unitId, topic.id, body) : createTopic(unitId, body)),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: rulesKeys.topics(unitId) });
      void qc.invalidateQueries({ queryKey: ['dialog', 'staff', 'services', unitId] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = TopicInputSchema.safeParse({
      service,
      texts: {
        nb: { label, guidance: guidance.trim() || null },
        ...Object.fromEntries(
          OTHER_LANGUAGES.filter((l) => other[l].label.trim()).map((l) => [l, { label: other[l].label, guidance: other[l].guidance.trim() || null }]),
        ),
      },
      rolePool: pool || null,
      position: topic?.position ?? 100,
      active,
    });
    setInvalid(!parsed.success);
    if (parsed.success) save.mutate(parsed.data);
  };
  return (
    <form className="hd-form hd-panel" onSubmit={submit} noValidate>
      <div className="hd-field">
        <Select selectId="topic-service" label={t('rules.topics.service')} value={service} onChange={(e) => setService(e.target.value as Service)}>
          {TOPIC_SERVICES.map((s) => (
            <option key={s} value={s}>
              {t(`dialog.service.${s}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="hd-field">
        <Input
          inputId="topic-label"
          label={t('rules.topics.label')}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          errorText={invalid ? t('rules.topics.invalid') : undefined}
          error={invalid}
          autoComplete="off"
        />
      </div>
      <div className="hd-field">
        <Textarea textareaId="topic-guidance" label={t('rules.topics.guidance')} value={guidance} onChange={(e) => setGuidance(e.target.value)} minRows={2} />
      </div>
      {OTHER_LANGUAGES.map((l) => (
        <Fragment key={l}>
          <div className="hd-field">
            <Input
              inputId={`topic-label-${l}`}
              label={t(`rules.topics.label.${l}`)}
              value={other[l].label}
              onChange={(e) => setText(l, 'label', e.target.value)}
              autoComplete="off"
            />
          </div>
          <div className="hd-field">
            <Textarea
              textareaId={`topic-guidance-${l}`}
              label={t(`rules.topics.guidance.${l}`)}
              value={other[l].guidance}
              onChange={(e) => setText(l, 'guidance', e.target.value)}
              minRows={2}
            />
          </div>
        </Fragment>
      ))}
      <div className="hd-field">
        <Select selectId="topic-pool" label={t('rules.topics.pool')} value={pool} onChange={(e) => setPool(e.target.value as typeof pool)}>
          <option value="">{t('rules.role.none')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`rules.role.${r}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="hd-field">
        <Checkbox inputId="topic-active" label={t('rules.topics.active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
      </div>
      <ProblemNotice error={save.error} title={t('rules.topics.failed')} />
      <div className="hd-actions">
        <Button type="submit" disabled={save.isPending}>
          {t('rules.topics.save')}
        </Button>
        <Button variant="borderless" onClick={onDone}>
          {t('rules.topics.cancel')}
        </Button>
      </div>
    </form>
  );
}

function Escalation({ unitId, members, isAdmin }: { unitId: string; members: UnitMember[]; isAdmin: boolean }) {
  const { t } = useI18n();
  const settings = useEscalation(unitId);
  return (
    <section className="hd-panel" aria-labelledby="rules-escalation">
      <Title id="rules-escalation" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('rules.escalation.title')}
      </Title>
      <p>{t('rules.escalation.lead')}</p>
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <ErrorPanel error={settings.error} onRetry={() => void settings.refetch()} />
      ) : isAdmin ? (
        <EscalationForm unitId={unitId} members={members} initial={settings.data} />
      ) : (
        <p>
          {settings.data.secondStep === 'leader'
            ? t('rules.escalation.summary.leader', {
                days: settings.data.secondAfterDays,
                name: members.find((m) => m.id === settings.data.leaderStaffId)?.name ?? '',
              })
            : settings.data.secondStep === 'role'
              ? t('rules.escalation.summary.role', { days: settings.data.secondAfterDays, pool: t(`rules.role.${settings.data.rolePool ?? 'none'}`) })
              : t('rules.escalation.summary.none')}
        </p>
      )}
    </section>
  );
}

function EscalationForm({ unitId, members, initial }: { unitId: string; members: UnitMember[]; initial: EscalationSettings }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [second, setSecond] = useState(initial.secondStep);
  const [leader, setLeader] = useState(initial.leaderStaffId ?? '');
  const [pool, setPool] = useState(initial.rolePool ?? '');
  const [days, setDays] = useState(String(initial.secondAfterDays));
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (body: EscalationSettings) => saveEscalation(unitId, body),
    onSuccess: (data) => qc.setQueryData(rulesKeys.escalation(unitId), data),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = EscalationSettingsSchema.safeParse({
      secondStep: second,
      leaderStaffId: second === 'leader' ? leader || null : null,
      rolePool: second === 'role' ? pool || null : null,
      secondAfterDays: Number(days),
    });
    setInvalid(!parsed.success);
    if (parsed.success) save.mutate(parsed.data);
  };
  return (
    <form className="hd-form" onSubmit={submit} noValidate>
      <div className="hd-field">
        <Select
          selectId="esc-second"
          label={t('rules.escalation.second')}
          value={second}
          onChange={(e) => {
            setSecond(e.target.value as EscalationSettings['secondStep']);
            save.reset();
          }}
        >
          <option value="none">{t('rules.escalation.none')}</option>
          <option value="leader">{t('rules.escalation.leader')}</option>
          <option value="role">{t('rules.escalation.role')}</option>
        </Select>
      </div>
      {second === 'leader' && (
        <div className="hd-field">
          <Select
            selectId="esc-leader"
            label={t('rules.escalation.leaderPick')}
            value={leader}
            onChange={(e) => setLeader(e.target.value)}
            errorText={invalid ? t('dialog.validate.invalid') : undefined}
          >
            <option value="">{t('rules.absence.chooseCover')}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </div>
      )}
      {second === 'role' && (
        <div className="hd-field">
          <Select
            selectId="esc-role"
            label={t('rules.escalation.rolePick')}
            value={pool}
            onChange={(e) => setPool(e.target.value as typeof pool)}
            errorText={invalid ? t('dialog.validate.invalid') : undefined}
          >
            <option value="">{t('rules.role.none')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`rules.role.${r}`)}
              </option>
            ))}
          </Select>
        </div>
      )}
      {second !== 'none' && (
        <div className="hd-field">
          <Input inputId="esc-days" inputMode="numeric" width={6} label={t('rules.escalation.days')} value={days} onChange={(e) => setDays(e.target.value)} />
        </div>
      )}
      <ProblemNotice error={save.error} title={t('rules.escalation.failed')} />
      <div className="hd-actions">
        <Button type="submit" variant="outline" disabled={save.isPending}>
          {t('rules.escalation.save')}
        </Button>
        {save.isSuccess && (
          <span role="status" className="hd-muted">
            {t('rules.escalation.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
