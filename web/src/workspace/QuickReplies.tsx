/** Quick replies in the reply box: the unit's and one's own templates, with {fornavn} and {enhet} filled for this conversation. */
import { fillTemplate } from '@helsedialog/core';
import Select from '@helsenorge/designsystem-react/components/Select';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context.ts';
import { usePatientContext, useTemplates } from './api.ts';

export function QuickReplies({
  unitId,
  unitName,
  threadId,
  onInsert,
}: {
  unitId: string;
  unitName: string;
  threadId: string;
  onInsert: (text: string) => void;
}) {
  const t = useT();
  const templates = useTemplates(unitId);
  const ctx = usePatientContext(threadId);
  const items = templates.data?.items ?? [];
  if (items.length === 0)
    return (
      <p className="hd-muted hd-field">
        {t('inbox.quick.none')}{' '}
        <Link className="hd-link" to={`/clinician/units/${unitId}/templates`}>
          {t('inbox.templates.link')}
        </Link>
      </p>
    );
  return (
    <div className="hd-field hd-quick">
      <Select
        selectId="quick-reply"
        label={t('inbox.quick.label')}
        value=""
        onChange={(e) => {
          const tpl = items.find((i) => i.id === e.target.value);
          if (tpl) onInsert(fillTemplate(tpl.text, { fornavn: ctx.data?.patient.givenName ?? '', enhet: unitName }));
        }}
      >
        <option value="">{t('inbox.quick.choose')}</option>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.title}
            {i.scope === 'personal' ? ` (${t('inbox.templates.personal')})` : ''}
          </option>
        ))}
      </Select>
    </div>
  );
}
