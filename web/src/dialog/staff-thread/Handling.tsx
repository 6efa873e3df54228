/** Case handling beside the conversation: billing, assignment, reclassification and closing. */
import type { ThreadDetail } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState } from 'react';
import { staffActions, useMembers, useThreadMutation } from '../../api/dialog.ts';
import { useMe } from '../../api/queries.ts';
import { useI18n } from '../../i18n/i18n-context.ts';
import '../dialog.scss';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { formatDateTime, formatNok } from '../../lib/format.ts';
import { useFollowedValue } from './use-followed-value.ts';

type Kind = 'ekontakt' | 'ekonsultasjon' | 'standarddialog';

export function Handling({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const canReclassify = detail.kind !== 'fornyresept' && detail.kind !== 'journalkopi' && detail.conversion?.state !== 'pending';
  return (
    <section aria-labelledby="handling-title" className="hd-panel">
      <Title id="handling-title" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.actions')}
      </Title>
      <BillingLine detail={detail} />

      <AssignForm detail={detail} />
      {canReclassify && <ReclassifyForm detail={detail} />}
      {detail.status !== 'closed' && <CloseForm detail={detail} />}
    </section>
  );
}

/** The billing line of an answered e-konsultasjon, why it is exempt, or that there is none yet. */
function BillingLine({ detail }: { detail: ThreadDetail }) {
  const { t, locale } = useI18n();
  return (
    <p>
      {detail.billing?.exemptReason
        ? t('dialog.staff.billingExempt', {
            code: detail.billing.code,
            reason: t(`dialog.staff.exemptReason.${detail.billing.exemptReason}`),
            date: formatDateTime(detail.billing.createdAt, locale),
          })
        : detail.billing
          ? t('dialog.staff.billing', {
              code: detail.billing.code,
              amount: formatNok(detail.billing.amountNok, locale),
              date: formatDateTime(detail.billing.createdAt, locale),
            })
          : detail.kind === 'ekonsultasjon'
            ? t('dialog.staff.noBilling')
            : null}
    </p>
  );
}

function AssignForm({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const me = useMe();
  const members = useMembers(detail.unit.id);
  // Follow the server when the assignment changes (here, in another tab or by a colleague).
  const [assignee, setAssignee] = useFollowedValue(detail.assignedTo?.id ?? '');
  const assign = useThreadMutation('staff', detail.id, (id: string | null) => staffActions.assign(detail.id, id));
  const myId = me.data?.person.id;
  return (
    <form
      className="hd-field"
      onSubmit={(e) => {
        e.preventDefault();
        assign.mutate(assignee || null);
      }}
    >
      <Title htmlMarkup="h3" appearance="title5" margin={{ marginTop: 0, marginBottom: 0.25 }}>
        {t('dialog.staff.assign')}
      </Title>
      <Select selectId="assign-to" label={t('dialog.staff.assignLabel')} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
        <option value="">{t('dialog.staff.assignNone')}</option>
        {members.data?.items.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.title})
          </option>
        ))}
      </Select>
      <div className="hd-actions">
        <Button type="submit" variant="outline" disabled={assign.isPending}>
          {t('dialog.staff.assignSave')}
        </Button>
        {myId && (
          <Button
            variant="borderless"
            disabled={assign.isPending}
            onClick={() => {
              setAssignee(myId);
              assign.mutate(myId);
            }}
          >
            {t('dialog.staff.assignMe')}
          </Button>
        )}
      </div>
      {assign.isSuccess && (
        <p role="status" className="hd-muted">
          {t('dialog.staff.done')}
        </p>
      )}
      <ProblemNotice error={assign.error} title={t('dialog.staff.actionFailed')} />
    </form>
  );
}

function ReclassifyForm({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const [newKind, setNewKind] = useState<Kind | ''>('');
  const reclassify = useThreadMutation('staff', detail.id, (k: Kind) => staffActions.reclassify(detail.id, k));
  const kinds = (['ekontakt', 'ekonsultasjon', 'standarddialog'] as const).filter((k) => k !== detail.kind);
  return (
    <form
      className="hd-field"
      onSubmit={(e) => {
        e.preventDefault();
        if (newKind) reclassify.mutate(newKind, { onSuccess: () => setNewKind('') });
      }}
    >
      <Title htmlMarkup="h3" appearance="title5" margin={{ marginTop: 0, marginBottom: 0.25 }}>
        {t('dialog.staff.reclassify')}
      </Title>
      <Select
        selectId="reclassify-kind"
        label={t('dialog.staff.reclassifyLabel')}
        value={newKind}
        onChange={(e) => setNewKind(e.target.value as typeof newKind)}
      >
        <option value="">–</option>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(`dialog.kind.${k}`)}
          </option>
        ))}
      </Select>
      {detail.kind === 'ekontakt' && <p className="hd-help">{t('dialog.staff.reclassifyFee')}</p>}
      <Button type="submit" variant="outline" disabled={!newKind || reclassify.isPending}>
        {t('dialog.staff.reclassify')}
      </Button>
      <ProblemNotice error={reclassify.error} title={t('dialog.staff.actionFailed')} />
    </form>
  );
}

function CloseForm({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const [forbid, setForbid] = useState(true);
  const close = useThreadMutation('staff', detail.id, (f: boolean) => staffActions.close(detail.id, f));
  return (
    <form
      className="hd-field"
      onSubmit={(e) => {
        e.preventDefault();
        close.mutate(forbid);
      }}
    >
      <Title htmlMarkup="h3" appearance="title5" margin={{ marginTop: 0, marginBottom: 0.25 }}>
        {t('dialog.staff.close')}
      </Title>
      <Checkbox inputId="close-forbid" label={t('dialog.staff.closeForbid')} checked={forbid} onChange={(e) => setForbid(e.target.checked)} />
      <div className="hd-actions">
        <Button type="submit" variant="outline" concept="destructive" disabled={close.isPending}>
          {t('dialog.staff.closeSave')}
        </Button>
      </div>
      <ProblemNotice error={close.error} title={t('dialog.staff.actionFailed')} />
    </form>
  );
}
