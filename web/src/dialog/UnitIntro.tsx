import type { IntroTexts } from '@helsedialog/core';
import { useI18n } from '../i18n/i18n-context.ts';

/**
 * A text the unit wrote (a service's intro), in the reader's language when the unit gave one;
 * else the bokmål text, marked as such: `lang="nb"` (a screen reader switches voice) and a
 * small "(bokmål)" in the reader's language.
 */
export function UnitIntro({ text, texts, className }: { text: string | null; texts?: IntroTexts | undefined; className?: string }) {
  const { language, t } = useI18n();
  const own = language === 'nb' ? null : texts?.[language];
  if (own) return <p className={className}>{own}</p>;
  if (!text) return null;
  if (language === 'nb') return <p className={className}>{text}</p>;
  return (
    <p className={className}>
      <span lang="nb">{text}</span> <span className="hd-muted">{t('unitText.bokmal')}</span>
    </p>
  );
}

/** Whether the unit gave an intro in any language. */
export function hasIntro(text: string | null, texts?: IntroTexts): boolean {
  return !!text || !!texts?.nn || !!texts?.se || !!texts?.en;
}
