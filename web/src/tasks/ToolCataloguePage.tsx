/**
 * /clinician/tools — the tool catalogue: every clinician reads it; a catalogue administrator adds,
 * corrects and retires tools (the server decides who may: canEdit only shows the controls).
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { Textarea } from '../components/Textarea.tsx';
import Title from '@helsenorge/designsystem-react/components/Title';
import { TOOL_KINDS, type NewTool, type Tool } from '@helsedialog/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { BackLink } from '../components/BackLink.tsx';
import { useI18n } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { createTool, retireTool, updateTool, useCatalogue } from './api.ts';
import { AgeRange, QualityTag } from './parts.tsx';
import './tasks.scss';

export function ToolCataloguePage() {
  return <RequireSession kind="staff">{() => <Catalogue />}</RequireSession>;
}

function Catalogue() {
  const { t } = useI18n();
  useDocumentTitle(t('tools.catalogue.docTitle'));
  const [retired, setRetired] = useState(false);
  const catalogue = useCatalogue(retired);
  const [editing, setEditing] = useState<Tool | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const qc = useQueryClient();
  const retire = useMutation({
    mutationFn: (tool: Tool) => retireTool(tool.id),
    onSuccess: (tool) => {
      setNotice(t('tools.catalogue.retiredDone', { name: tool.name }));
      void qc.invalidateQueries({ queryKey: ['tasks', 'catalogue'] });
    },
  });
  return (
    <>
      <BackLink to="/clinician">{t('tasks.back.home')}</BackLink>
      <Title htmlMarkup="h1" appearance="title1" margin={{ marginTop: 0, marginBottom: 0.5 }}>
        {t('tools.catalogue.title')}
      </Title>
      <p className="hd-lead">{t('tools.catalogue.intro')}</p>
      {notice && (
        <NotificationPanel variant="success" size="small">
          <span role="status">{notice}</span>
        </NotificationPanel>
      )}
      {catalogue.isPending ? (
        <PageLoader />
      ) : catalogue.isError ? (
        <ErrorPanel error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      ) : (
        <>
          {catalogue.data.canEdit && (
            <>
              <Checkbox inputId="show-retired" label={t('tools.catalogue.showRetired')} checked={retired} onChange={(e) => setRetired(e.target.checked)} />
              {editing === null && (
                <p>
                  <Button variant="outline" onClick={() => setEditing('new')}>
                    {t('tools.catalogue.add')}
                  </Button>
                </p>
              )}
              {editing !== null && (
                <ToolForm
                  tool={editing === 'new' ? null : editing}
                  onDone={(saved) => {
                    setEditing(null);
                    if (saved) setNotice(t('tools.catalogue.saved', { name: saved.name }));
                  }}
                />
              )}
            </>
          )}
          {retire.isError && <ProblemNotice error={retire.error} />}
          {catalogue.data.items.length === 0 ? (
            <p className="hd-empty">{t('tools.catalogue.empty')}</p>
          ) : (
            <ul className="hd-tasks" aria-label={t('tools.catalogue.title')}>
              {catalogue.data.items.map((tool) => (
                <li key={tool.id} className="hd-tool-catalogue__item">
                  <Title htmlMarkup="h2" appearance="title4" margin={{ marginTop: 0, marginBottom: 0 }}>
                    {tool.name}
                  </Title>
                  <p>
                    <QualityTag tool={tool} /> {tool.retired && <Tag color="neutral">{t('tools.catalogue.retired')}</Tag>} {t(`tool.kind.${tool.kind}`)}
                    {tool.minAge !== null || tool.maxAge !== null ? ' · ' : ''}
                    <AgeRange tool={tool} />
                  </p>
                  <p>{tool.purpose}</p>
                  <p>{t('tool.publisher', { publisher: tool.publisher })}</p>
                  <p>
                    <a className="hd-link" href={tool.url} target="_blank" rel="noopener noreferrer">
                      {tool.url} <span className="hd-visually-hidden">{t('tool.opensNewTab')}</span>
                    </a>
                  </p>
                  {catalogue.data.canEdit && !tool.retired && (
                    <p className="hd-tool__actions">
                      <Button variant="borderless" onClick={() => setEditing(tool)}>
                        {t('tools.catalogue.edit')}
                        <span className="hd-visually-hidden"> {tool.name}</span>
                      </Button>
                      <Button variant="borderless" onClick={() => retire.mutate(tool)} disabled={retire.isPending}>
                        {t('tools.catalogue.retire')}
                        <span className="hd-visually-hidden"> {tool.name}</span>
                      </Button>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function ToolForm({ tool, onDone }: { tool: Tool | null; onDone: (saved: Tool | null) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [v, setV] = useState({
    name: tool?.name ?? '',
    purpose: tool?.purpose ?? '',
    publisher: tool?.publisher ?? '',
    kind: tool?.kind ?? 'web',
    url: tool?.url ?? 'https://',
    minAge: tool?.minAge?.toString() ?? '',
    maxAge: tool?.maxAge?.toString() ?? '',
    qualityAssured: tool?.qualityAssured ?? false,
  });
  const age = (s: string) => (s.trim() === '' ? null : Number(s));
  const save = useMutation({
    mutationFn: () => {
      const body: NewTool = {
        name: v.name,
        purpose: v.purpose,
        publisher: v.publisher,
        kind: v.kind,
        url: v.url,
        minAge: age(v.minAge),
        maxAge: age(v.maxAge),
        qualityAssured: v.qualityAssured,
      };
      return tool ? updateTool(tool.id, body) : createTool(body);
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: ['tasks', 'catalogue'] });
      onDone(saved);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const text = (key: 'name' | 'publisher' | 'url', label: string) => (
    <div className="hd-field">
      <Input inputId={`tool-${key}`} label={label} value={v[key]} onChange={(e) => setV({ ...v, [key]: e.target.value })} autoComplete="off" />
    </div>
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="tool-form-title" className="hd-tool">
      <Title htmlMarkup="h2" appearance="title3" id="tool-form-title" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {tool ? t('tools.catalogue.editTitle', { name: tool.name }) : t('tools.catalogue.add')}
      </Title>
      {text('name', t('tools.field.name'))}
      <div className="hd-field">
        <Textarea
          textareaId="tool-purpose"
          label={t('tools.field.purpose')}
          value={v.purpose}
          onChange={(e) => setV({ ...v, purpose: e.target.value })}
          minRows={3}
          grow
        />
      </div>
      {text('publisher', t('tools.field.publisher'))}
      <div className="hd-field">
        <Select selectId="tool-kind" label={t('tools.field.kind')} value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as Tool['kind'] })}>
          {TOOL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`tool.kind.${k}`)}
            </option>
          ))}
        </Select>
      </div>
      {text('url', t('tools.field.url'))}
      <div className="hd-field">
        <Input inputId="tool-min-age" type="number" label={t('tools.field.minAge')} value={v.minAge} onChange={(e) => setV({ ...v, minAge: e.target.value })} />
      </div>
      <div className="hd-field">
        <Input inputId="tool-max-age" type="number" label={t('tools.field.maxAge')} value={v.maxAge} onChange={(e) => setV({ ...v, maxAge: e.target.value })} />
      </div>
      <Checkbox
        inputId="tool-qa"
        label={t('tools.field.qualityAssured')}
        checked={v.qualityAssured}
        onChange={(e) => setV({ ...v, qualityAssured: e.target.checked })}
      />
      {save.isError && <ProblemNotice error={save.error} />}
      <p className="hd-tool__actions">
        <Button type="submit" disabled={save.isPending}>
          {t('tools.catalogue.save')}
        </Button>
        <Button type="button" variant="borderless" onClick={() => onDone(null)}>
          {t('tools.catalogue.cancel')}
        </Button>
      </p>
    </form>
  );
}
