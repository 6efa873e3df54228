import { useI18n } from '../i18n/i18n-context.ts';
import { languages } from '../i18n/languages.ts';

/**
 * The four languages, each named in itself (endonyms) and marked with its own `lang`, so a
 * screen reader pronounces "Davvisámegiella" as Sami. The current one has aria-pressed.
 * A signed-in person's choice is also saved on the server (LanguageSync).
 */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="hd-lang-switch" role="group" aria-label={t('lang.switchLabel')}>
      {languages.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          className="hd-lang-switch__button"
          aria-pressed={l.code === language}
          onClick={() => setLanguage(l.code)}
        >
          {l.name}
        </button>
      ))}
    </div>
  );
}
