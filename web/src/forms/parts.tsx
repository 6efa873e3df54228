/** Small building blocks of the form pages. */
import type { FormStatus, ResponseLine, Score, Recommendation } from '@helsedialog/core';
import Tag from '@helsenorge/designsystem-react/components/Tag';
import { useT } from '../i18n/i18n-context.ts';
import './forms.scss';

const COLOR: Record<FormStatus, 'neutral' | 'blueberry' | 'cherry' | 'kiwi' | 'banana'> = {
  sent: 'blueberry',
  opened: 'blueberry',
  draft: 'banana',
  submitted: 'kiwi',
  overdue: 'cherry',
};

/** The status of a sent form, as a tag. */
export function StatusTag({ status }: { status: FormStatus }) {
  const t = useT();
  return <Tag color={COLOR[status]}>{t(`forms.status.${status}`)}</Tag>;
}

/** The answers as a person reads them (question, answer), with scores and a triage recommendation. */
export function ResponseView({
  lines,
  scores,
  recommendation,
  fileLink,
}: {
  lines: ResponseLine[];
  scores: Score[];
  recommendation: Recommendation | null;
  /** Where a stored file of the answers downloads; without it the file is named only. */
  fileLink?: (fileId: string) => string;
}) {
  const t = useT();
  const shown = lines.filter((l) => !scores.some((s) => s.text === l.text));
  return (
    <div className="hd-form-answers">
      {recommendation && (
        <div className="hd-form-answers__recommendation">
          <p>
            <strong>{t('forms.triage.recommended')}</strong> {t(`forms.channel.${recommendation.channel}`)}
          </p>
          <p className="hd-help">
            {t('forms.triage.rule')} {t(`forms.triage.rules.${recommendation.ruleId}`)}
          </p>
        </div>
      )}
      {scores.length > 0 && (
        <dl className="hd-form-answers__scores" aria-label={t('forms.scores')}>
          {scores.map((s) => (
            <div key={s.linkId}>
              <dt>{s.text}</dt>
              <dd>{s.value === null ? '–' : String(s.value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <dl className="hd-form-answers__list">
        {shown.map((l, i) =>
          l.kind === 'heading' ? (
            <dt key={i} className="hd-form-answers__heading" style={{ marginInlineStart: `${l.depth}rem` }}>
              {l.text}
            </dt>
          ) : (
            <div key={i} style={{ marginInlineStart: `${l.depth}rem` }}>
              <dt>{l.text}</dt>
              <dd>
                {fileLink && l.files?.length
                  ? l.files.map((f, n) => (
                      <span key={f.id}>
                        {n > 0 && ', '}
                        <a className="hd-link" href={fileLink(f.id)} download>
                          {t('forms.attachment.download', { name: f.title })}
                        </a>
                      </span>
                    ))
                  : l.answer}
              </dd>
            </div>
          ),
        )}
      </dl>
    </div>
  );
}
