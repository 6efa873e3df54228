/**
 * /clinician/units/:unitId/templates — quick replies: the unit's templates (managed by its
 * administrators) and one's own personal ones, with the placeholders {fornavn} and {enhet}.
 */
import { ReplyTemplateInputSchema, TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from '@helsedialog/core';
import Button from '@helsenorge/designsystem-react/components/Button';
import FormGroup from '@helsenorge/designsystem-react/components/FormGroup';
import Input from '@helsenorge/designsystem-react/components/Input';
import RadioButton from '@helsenorge/designsystem-react/components/RadioButton';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useStaffUnits } from '../api/queries.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { MessageText } from '../dialog/components.tsx';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useAddTemplate, useDeleteTemplate, useTemplates } from './api.ts';

export function TemplatesPage() {
  return <RequireSession kind="staff">{() => <Templates />}</RequireSession>;
}

function Templates() {
  const t = useT();
  const { unitId = '' } = useParams();
  const unit = useStaffUnits().data?.items.find((u) => u.id === unitId);
  useDocumentTitle(t('inbox.templates.docTitle', { unit: unit?.name ?? '' }));
  const list = useTemplates(unitId);
  const add = useAddTemplate(unitId);
  const remove = useDeleteTemplate(unitId);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [scope, setScope] = useState<'unit' | 'personal'>('personal');
  const [errors, setErrors] = useState<{ title?: string; text?: string }>({});
  const [round, setRound] = useState(0);
  return (
    <div className="hd-narrow">
      <BackLink to={`/clinician/units/${unitId}`}>{t('inbox.templates.back')}</BackLink>
      <p className="hd-greeting">{unit?.name}</p>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('inbox.templates.title')}
      </Title>
      <p className="hd-lead">{t('inbox.templates.intro', { placeholders: TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ') })}</p>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{t('inbox.templates.empty')}</p>
      ) : (
        <ul className="hd-templates">
          {list.data.items.map((tpl) => (
            <li key={tpl.id} className="hd-panel">
              <Title htmlMarkup="h2" appearance="title4" margin={0}>
                {tpl.title}
              </Title>
              <p className="hd-muted">{tpl.scope === 'unit' ? t('inbox.templates.unit') : t('inbox.templates.personal')}</p>
              <MessageText text={tpl.text} />
              {tpl.mine && (
                <Button variant="outline" onClick={() => remove.mutate(tpl.id)} disabled={remove.isPending}>
                  {t('inbox.templates.delete')}
                  <span className="hd-visually-hidden"> {tpl.title}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ProblemNotice error={remove.error} />
      <section aria-labelledby="new-template" className="hd-panel">
        <Title id="new-template" htmlMarkup="h2" appearance="title3" margin={{ marginTop: 0, marginBottom: 0.5 }}>
          {t('inbox.templates.new')}
        </Title>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = ReplyTemplateInputSchema.safeParse({ title, text, scope });
            const unknown = unknownPlaceholders(text);
            const next: { title?: string; text?: string } = {};
            if (!parsed.success)
              for (const i of parsed.error.issues)
                next[i.path[0] as 'title' | 'text'] = i.path[0] === 'title' ? t('inbox.templates.titleMissing') : t('inbox.templates.textMissing');
            if (unknown.length) next.text = t('inbox.templates.unknown', { names: unknown.map((u) => `{${u}}`).join(', ') });
            setErrors(next);
            if (!parsed.success || unknown.length) return;
            add.mutate(parsed.data, {
              onSuccess: () => {
                setTitle('');
                setText('');
                setRound((r) => r + 1);
              },
            });
          }}
        >
          <div className="hd-field">
            <Input
              inputId="tpl-title"
              label={t('inbox.templates.titleLabel')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              errorText={errors.title}
              error={!!errors.title}
            />
          </div>
          <div className="hd-field">
            <Textarea
              key={round}
              textareaId="tpl-text"
              label={t('inbox.templates.textLabel')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              minRows={4}
              errorText={errors.text}
              error={!!errors.text}
            />
          </div>
          {unit?.isAdmin ? (
            <div className="hd-field">
              <FormGroup legend={t('inbox.templates.scope')}>
                <RadioButton
                  inputId="tpl-personal"
                  name="tpl-scope"
                  label={t('inbox.templates.personal')}
                  checked={scope === 'personal'}
                  onChange={() => setScope('personal')}
                />
                <RadioButton
                  inputId="tpl-unit"
                  name="tpl-scope"
                  label={t('inbox.templates.unit')}
                  checked={scope === 'unit'}
                  onChange={() => setScope('unit')}
                />
              </FormGroup>
            </div>
          ) : (
            <p className="hd-muted">{t('inbox.templates.personalOnly')}</p>
          )}
          <ProblemNotice error={add.error} />
          <Button type="submit" disabled={add.isPending}>
            {t('inbox.templates.add')}
          </Button>
        </form>
      </section>
    </div>
  );
}
