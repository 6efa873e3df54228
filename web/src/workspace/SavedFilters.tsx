/** Saved inbox filters (per person, stored on the server): apply one, save the current filters under a name, delete one. */
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import { useState } from 'react';
import '../dialog/dialog.scss';
import { ProblemNotice } from '../components/ProblemNotice.tsx';
import { useT } from '../i18n/i18n-context.ts';
import { useDeleteFilter, useSaveFilter, useSavedFilters } from './api.ts';

export function SavedFilters({ current, onApply }: { current: string; onApply: (query: string) => void }) {
  const t = useT();
  const list = useSavedFilters();
  const save = useSaveFilter();
  const remove = useDeleteFilter();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const items = list.data?.items ?? [];
  return (
    <div className="hd-saved-filters" role="group" aria-label={t('inbox.saved.title')}>
      <span className="hd-saved-filters__label">{t('inbox.saved.title')}:</span>
      {items.length === 0 && <span className="hd-muted">{t('inbox.saved.none')}</span>}
      {items.map((f) => (
        <span key={f.id} className={f.query === current ? 'hd-saved-filter hd-saved-filter--on' : 'hd-saved-filter'}>
          <Button variant="borderless" onClick={() => onApply(f.query)} aria-pressed={f.query === current}>
            {f.name}
          </Button>
          <Button variant="borderless" onClick={() => remove.mutate(f.id)} disabled={remove.isPending} aria-label={t('inbox.saved.delete', { name: f.name })}>
            ×
          </Button>
        </span>
      ))}
      {naming ? (
        <form
          className="hd-saved-filters__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return setError(t('inbox.saved.nameMissing'));
            setError(undefined);
            save.mutate(
              { name: name.trim(), query: current },
              {
                onSuccess: () => {
                  setName('');
                  setNaming(false);
                },
              },
            );
          }}
        >
          <Input
            inputId="saved-filter-name"
            label={t('inbox.saved.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            errorText={error}
            error={!!error}
          />
          <Button type="submit" variant="outline" disabled={save.isPending}>
            {t('inbox.saved.save')}
          </Button>
          <Button variant="borderless" onClick={() => setNaming(false)}>
            {t('inbox.saved.cancel')}
          </Button>
        </form>
      ) : (
        <Button variant="borderless" onClick={() => setNaming(true)}>
          {t('inbox.saved.saveCurrent')}
        </Button>
      )}
      <ProblemNotice error={save.error ?? remove.error} />
    </div>
  );
}
