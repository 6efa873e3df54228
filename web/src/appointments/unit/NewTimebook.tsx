/** Create a timebook: the clinician's own, or a resource such as "Blodprøve på laboratoriet". */
import { APPOINTMENT_TYPES } from '@helsedialog/core/constants';
import type { AppointmentType } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import Select from '@helsenorge/designsystem-react/components/Select';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-context.ts';
import { apptKeys, createTimebook } from '../api.ts';
import { Done, Problem } from '../parts.tsx';
import { timebookInput, useTimebookFields } from './new-timebook.ts';

export function NewTimebook({ unitId }: { unitId: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { fields, set, clearText } = useTimebookFields();
  const [nameError, setNameError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: (input: unknown) => createTimebook(unitId, input),
    onSuccess: () => {
      clearText();
      void qc.invalidateQueries({ queryKey: apptKeys.unit(unitId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = timebookInput(fields);
    if ('error' in checked) {
      setNameError(t('appt.timebookNew.nameMissing'));
      return;
    }
    setNameError(undefined);
    create.mutate(checked.input);
  };
  return (
    <details className="hd-appt-details">
      <summary>{t('appt.timebookNew.title')}</summary>
      <form onSubmit={submit} noValidate aria-label={t('appt.timebookNew.title')}>
        <fieldset className="hd-appt-fieldset">
          <legend>{t('appt.timebookNew.kind')}</legend>
          <RadioButton
            inputId="tb-kind-clinician"
            name="tb-kind"
            label={t('appt.timebookNew.own')}
            value="clinician"
            checked={fields.kind === 'clinician'}
            onChange={() => set('kind', 'clinician')}
          />
          <RadioButton
            inputId="tb-kind-resource"
            name="tb-kind"
            label={t('appt.timebookNew.resource')}
            value="resource"
            checked={fields.kind === 'resource'}
            onChange={() => set('kind', 'resource')}
          />
        </fieldset>
        <div className="hd-appt-field">
          <Input
            inputId="tb-name"
            label={t('appt.timebookNew.name')}
            aria-describedby="tb-name-help"
            value={fields.name}
            onChange={(e) => set('name', e.target.value)}
            autoComplete="off"
            error={!!nameError}
            {...(nameError ? { errorText: nameError } : {})}
          />
          <p id="tb-name-help" className="hd-appt-help">
            {fields.kind === 'resource' ? t('appt.timebookNew.nameHelpResource') : t('appt.timebookNew.nameHelpOwn')}
          </p>
        </div>
        <div className="hd-appt-field">
          <Select
            selectId="tb-type"
            label={t('appt.timebookNew.defaultType')}
            value={fields.defaultType}
            onChange={(e) => set('defaultType', e.target.value as AppointmentType)}
          >
            {APPOINTMENT_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`appt.type.${x}`)}
              </option>
            ))}
          </Select>
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="tb-location"
            label={t('appt.new.location')}
            value={fields.location}
            onChange={(e) => set('location', e.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="hd-appt-field">
          <Input
            inputId="tb-directions"
            label={t('appt.new.directions')}
            value={fields.directions}
            onChange={(e) => set('directions', e.target.value)}
            autoComplete="off"
          />
        </div>
        <Problem error={create.error} />
        {create.isSuccess && <Done>{t('appt.timebookNew.done', { name: create.data.name })}</Done>}
        <Button type="submit" disabled={create.isPending}>
          {t('appt.timebookNew.submit')}
        </Button>
      </form>
    </details>
  );
}
