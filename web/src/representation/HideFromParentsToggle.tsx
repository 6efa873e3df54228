/**
 * "Skjul for foreldre": a clinician hides one item (a conversation, an appointment, a letter)
 * from the patient's parents, or shows it again. Saves at once; the outcome is announced.
 *
 *   <HideFromParentsToggle objectType="thread" objectId={thread.id} hidden={false} />
 *
 * `hidden` is the state the page knows (letters and staff thread details have
 * `hiddenFromParents`); without it the toggle starts unchecked.
 */
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { setHiddenFromParents, type HideableObject } from '../api/representation.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { useT } from '../i18n/i18n-context.ts';
import './representation.scss';

export interface HideFromParentsToggleProps {
  objectType: HideableObject;
  objectId: string;
  /** The current state, when the page knows it. */
  hidden?: boolean;
  /** Called after the server saved the change. */
  onChange?: (hidden: boolean) => void;
}

export function HideFromParentsToggle({ objectType, objectId, hidden = false, onChange }: HideFromParentsToggleProps) {
  const t = useT();
  const id = useId();
  const [value, setValue] = useState(hidden);
  const [announce, setAnnounce] = useState('');
  useEffect(() => setValue(hidden), [hidden, objectId]);
  const save = useMutation({
    mutationFn: (next: boolean) => setHiddenFromParents({ objectType, objectId, hidden: next }),
    onSuccess: (_r, next) => {
      setValue(next);
      setAnnounce(next ? t('hide.hiddenNow') : t('hide.shownNow'));
      onChange?.(next);
    },
  });
  return (
    <div className="hd-hide-toggle">
      <Checkbox
        inputId={`hide-${id}`}
        label={t('hide.label')}
        checked={save.isPending ? !value : value}
        disabled={save.isPending}
        aria-describedby={`hide-${id}-help`}
        onChange={(e) => save.mutate(e.target.checked)}
      />
      <p className="hd-hide-toggle__status" id={`hide-${id}-help`}>
        {t('hide.help')}
      </p>
      <p className="hd-visually-hidden" role="status">
        {announce}
      </p>
      {save.isError && <ErrorPanel error={save.error} title={t('hide.error')} />}
    </div>
  );
}
