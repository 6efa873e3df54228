/** The structured answers a conversation began with (a service's form, a triage form), shown on top of the thread. */
import Title from '@helsenorge/designsystem-react/components/Title';
import { useT } from '../i18n/i18n-context.ts';
import { threadFormFileLink, useThreadForm } from './api.ts';
import { ResponseView } from './parts.tsx';

export function ThreadFormAnswers({ who, threadId }: { who: 'citizen' | 'staff'; threadId: string }) {
  const t = useT();
  const form = useThreadForm(who, threadId);
  const r = form.data?.response;
  if (!r) return null;
  return (
    <section className="hd-thread-form" aria-labelledby={`thread-form-${threadId}`}>
      <Title id={`thread-form-${threadId}`} htmlMarkup="h2" appearance="title4" margin={{ marginTop: 1, marginBottom: 0.5 }}>
        {t('forms.thread.title', { title: r.title })}
      </Title>
      <ResponseView
        lines={r.lines}
        scores={r.scores}
        recommendation={who === 'staff' ? r.recommendation : null}
        fileLink={(id) => threadFormFileLink(who, threadId, id)}
      />
    </section>
  );
}
