/** The doctor's decision on each medication of a renewal request (fornyresept), with an optional message. */
import { DEFAULT_DECLINE_REASONS, type ThreadDetail } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState, type FormEvent } from 'react';
import { staffActions, useThreadMutation } from '../../api/dialog.ts';
import { Textarea } from '../../components/Textarea.tsx';
import { useI18n } from '../../i18n/i18n-context.ts';
import '../dialog.scss';
import { ProblemNotice } from '../../components/ProblemNotice.tsx';
import { checkRenewal, type Choice } from './renewal.ts';

export function RenewalForm({ detail }: { detail: ThreadDetail }) {
  const { t } = useI18n();
  const renewal = detail.renewal!;
  const reasons = renewal.declineReasons?.length ? renewal.declineReasons : DEFAULT_DECLINE_REASONS;
  const pending = renewal.items.filter((i) => i.decision === 'pending');
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const decide = useThreadMutation('staff', detail.id, (body: Parameters<typeof staffActions.renewal>[1]) => staffActions.renewal(detail.id, body));
  const set = (id: string, patch: Partial<Choice>) => setChoices((c) => ({ ...c, [id]: { decision: '', std: '', own: '', ...c[id], ...patch } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkRenewal(pending, choices, text, t);
    setErrors(checked.errors);
    if (checked.body) decide.mutate(checked.body, { onSuccess: () => setText('') });
  };

  return (
    <section aria-labelledby="renewal-form" className="hd-panel">
      <Title id="renewal-form" htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('dialog.staff.renewal')}
      </Title>
      <form onSubmit={submit} noValidate>
        {pending.map((item) => {
          const c = choices[item.id] ?? { decision: '', std: '', own: '' };
          return (
            <div key={item.id} className="hd-decision">
              <FormGroup legend={t('dialog.staff.decision', { name: item.medication })} error={errors[item.id]}>
                <RadioButton
                  inputId={`d-${item.id}-r`}
                  name={`d-${item.id}`}
                  value="renewed"
                  label={t('dialog.staff.renew')}
                  checked={c.decision === 'renewed'}
                  onChange={() => set(item.id, { decision: 'renewed' })}
                />
                <RadioButton
                  inputId={`d-${item.id}-d`}
                  name={`d-${item.id}`}
                  value="declined"
                  label={t('dialog.staff.decline')}
                  checked={c.decision === 'declined'}
                  onChange={() => set(item.id, { decision: 'declined' })}
                />
                <RadioButton
                  inputId={`d-${item.id}-n`}
                  name={`d-${item.id}`}
                  value=""
                  label={t('dialog.staff.undecided')}
                  checked={c.decision === ''}
                  onChange={() => set(item.id, { decision: '' })}
                />
              </FormGroup>
              {c.decision === 'declined' && (
                <>
                  <Select
                    selectId={`reason-${item.id}`}
                    label={t('dialog.staff.reasonPick')}
                    value={c.std}
                    onChange={(e) => set(item.id, { std: e.target.value })}
                  >
                    <option value="">–</option>
                    {reasons.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </Select>
                  <Input
                    inputId={`own-${item.id}`}
                    label={t('dialog.staff.reasonOther')}
                    value={c.own}
                    onChange={(e) => set(item.id, { own: e.target.value })}
                  />
                </>
              )}
            </div>
          );
        })}
        <div className="hd-field">
          <Textarea
            textareaId="renewal-text"
            label={t('dialog.staff.renewalText')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            minRows={3}
            errorText={errors.text}
            error={!!errors.text}
          />
        </div>
        {errors._ && (
          <p className="hd-overdue" role="alert">
            {errors._}
          </p>
        )}
        <ProblemNotice error={decide.error} title={t('dialog.staff.actionFailed')} />
        <Button type="submit" disabled={decide.isPending}>
          {t('dialog.staff.renewalSave')}
        </Button>
      </form>
    </section>
  );
}
