import DsTextarea from '@helsenorge/designsystem-react/components/Textarea';
import type { ComponentProps } from 'react';
import { useT } from '../i18n/i18n-context.ts';

/**
 * The design system's textarea with its counter ("0/500 tegn") in the UI's language. The design
 * system translates its own texts to nynorsk and English (I18nProvider sets its language) but has
 * no Sami; this passes our catalogue's word, so every language is covered. Use this, not the
 * design system's import (eslint's no-restricted-imports says so).
 */
export function Textarea(props: ComponentProps<typeof DsTextarea>) {
  const t = useT();
  return <DsTextarea {...props} resources={{ characters: t('app.characters'), ...props.resources }} />;
}
